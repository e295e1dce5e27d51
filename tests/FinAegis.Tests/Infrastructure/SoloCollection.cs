namespace FinAegis.Tests.Infrastructure;

/// <summary>
/// Cluster tests that stop or kill silos and measure whether any request failed meanwhile: they run after the rest,
/// alone, so the other collections' load on a 2-core machine cannot stretch a hand-over past a deadline.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoloCollection
{
    public const string Name = "solo";
}
