using FinAegis.Grains.EventStore;

namespace FinAegis.Tests.EventStore;

public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("""{"b":1,"a":{"d":[1,2,{"z":true,"y":null}],"c":"x"}}""", """{ "a" : { "c":"x", "d":[1, 2, {"y":null,"z":true}] }, "b":1 }""")]
    [InlineData("""{"s":"caf\u00e9 \"q\" <tag>"}""", """{"s":"café \"q\" \u003ctag\u003e"}""")]
    [InlineData("""{"n":1.50}""", """{"n":1.5}""")]
    [InlineData("""{"n":12345678901234567890}""", """{"n":12345678901234567890}""")]
    public void Equal_json_in_different_forms_has_one_canonical_text(string left, string right)
        => Assert.Equal(CanonicalJson.Canonicalize(left), CanonicalJson.Canonicalize(right));

    [Theory]
    [InlineData("""{"a":1}""", """{"a":2}""")]
    [InlineData("""{"a":1}""", """{"a":"1"}""")]
    [InlineData("""[1,2]""", """[2,1]""")]
    public void Different_json_has_different_canonical_texts(string left, string right)
        => Assert.NotEqual(CanonicalJson.Canonicalize(left), CanonicalJson.Canonicalize(right));

    [Fact]
    public void Canonical_text_is_compact_with_keys_sorted_ordinally()
        => Assert.Equal("""{"B":2,"a":[1,{"x":"y"}],"b":1}""", CanonicalJson.Canonicalize("""{ "b": 1, "a": [1, {"x": "y"}], "B": 2 }"""));

    [Fact]
    public void The_hash_depends_on_every_field()
    {
        var baseline = EventHash.Compute("p", "s", 1, "C", "{}");
        Assert.Equal(64, baseline.Length);
        Assert.NotEqual(baseline, EventHash.Compute(null, "s", 1, "C", "{}"));
        Assert.NotEqual(baseline, EventHash.Compute("p", "t", 1, "C", "{}"));
        Assert.NotEqual(baseline, EventHash.Compute("p", "s", 2, "C", "{}"));
        Assert.NotEqual(baseline, EventHash.Compute("p", "s", 1, "D", "{}"));
        Assert.NotEqual(baseline, EventHash.Compute("p", "s", 1, "C", "[]"));
        Assert.Equal(baseline, EventHash.Compute("p", "s", 1, "C", "{}"));
    }

    /// <summary>
    /// The chain hashes already stored were computed as SHA-256 over one UTF-8 string of "{length}:{field}\n" fields;
    /// the streamed, allocation-lean computation must give exactly those hashes, non-ASCII text included.
    /// </summary>
    [Theory]
    [InlineData(null, "acc-1", 1, "money_added", """{"amount":5,"note":"plain"}""")]
    [InlineData("ab12", "USD/EUR", 123456, "rate_set", """{"b":"café \"q\"","a":[1.5,{"y":null,"x":true}]}""")]
    [InlineData("ff", "s", 7, "évènement", """{"astral":"𝄞 and 😀","n":12345678901234567890}""")]
    public void The_streamed_hash_equals_the_hash_of_the_concatenated_fields(string? previous, string stream, int version,
        string eventClass, string json)
    {
        var canonical = CanonicalJson.Canonicalize(json);
        var text = new System.Text.StringBuilder();
        foreach (var field in new[] { previous ?? "", stream, version.ToString(System.Globalization.CultureInfo.InvariantCulture), eventClass, canonical })
        {
            text.Append(field.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));

        Assert.Equal(expected, EventHash.Compute(previous, stream, version, eventClass, canonical));
        Assert.Equal(expected, EventHash.Compute(previous, stream, version, eventClass, CanonicalJson.CanonicalUtf8(json)));
        // The per-thread buffers are reused: a second, different event must not see anything of the first.
        Assert.Equal("""{"a":1}""", CanonicalJson.Canonicalize("""{ "a" : 1 }"""));
        Assert.Equal(expected, EventHash.Compute(previous, stream, version, eventClass, CanonicalJson.CanonicalUtf8(json)));
    }
}
