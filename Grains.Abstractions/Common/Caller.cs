namespace FinAegis.Grains.Abstractions.Common;

/// <summary>Who is asking: grains check ownership against this, so the API never reads the database to authorise.</summary>
[GenerateSerializer, Immutable, Alias("Caller")]
public sealed record Caller([property: Id(0)] Guid UserUuid, [property: Id(1)] bool IsAdmin)
{
    public bool MayAccess(Guid ownerUuid) => IsAdmin || ownerUuid == UserUuid;
}
