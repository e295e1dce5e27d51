namespace FinAegis.Grains.Abstractions.Common;

/// <summary>One page of a list; <see cref="NextCursor"/> is opaque to clients and null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("Page`1")]
public sealed record Page<T>([property: Id(0)] IReadOnlyList<T> Data, [property: Id(1)] string? NextCursor);
