namespace FinAegis.Grains.Abstractions.Common;

/// <summary>
/// A business-rule refusal returned by a grain (never thrown across the wire). <see cref="Code"/> is one of
/// <see cref="ErrorCodes"/>; <see cref="Details"/> carries extension members such as current_balance.
/// </summary>
[GenerateSerializer, Immutable, Alias("DomainError")]
public sealed record DomainError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] IReadOnlyDictionary<string, string>? Details = null)
{
    public static DomainError Of(string code, string message) => new(code, message);
}
