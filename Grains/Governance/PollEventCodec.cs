using FinAegis.Grains.EventSourcing;

namespace FinAegis.Grains.Governance;

/// <summary>The stable `event_class` names of a poll's events.</summary>
public static class PollEventCodec
{
    public static readonly IEventCodec<PollEvent> Instance = JsonEventCodec<PollEvent>.Of(
        ("PollCreated", typeof(PollCreated)),
        ("PollActivated", typeof(PollActivated)),
        ("VoteCast", typeof(VoteCast)),
        ("PollClosed", typeof(PollClosed)),
        ("PollCancelled", typeof(PollCancelled)),
        ("PollExecuted", typeof(PollExecuted)),
        ("PollExecutionFailed", typeof(PollExecutionFailed)),
        ("PollExecutionSkipped", typeof(PollExecutionSkipped)));
}
