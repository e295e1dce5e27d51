using FinAegis.Grains.Integrity;

namespace FinAegis.Tests.Integrity;

/// <summary>
/// How verify compares a value it expects with one read back. JSON columns: MySQL 8 returns its own normal form
/// (sorted keys, ", " and ": " spacing) of the text MariaDB keeps verbatim; both mean the value written.
/// </summary>
public sealed class RowValuesTests
{
    [Theory]
    [InlineData("""{"feed":"ecb","batch":2}""", """{"batch": 2, "feed": "ecb"}""", true)]
    [InlineData("""[{"option_id":"a","weight":70}]""", """[{"weight": 70, "option_id": "a"}]""", true)]
    [InlineData("""{"feed":"ecb","batch":2}""", """{"batch": 3, "feed": "ecb"}""", false)]
    [InlineData("""["a","b"]""", """["b", "a"]""", false)]
    [InlineData("{not json", "{not  json", false)]
    [InlineData("executed", "cancelled", false)]
    public void Json_texts_are_the_same_when_they_parse_to_equal_documents(string expected, string actual, bool same)
        => Assert.Equal(same, RowValues.Same(expected, actual));

    [Fact]
    public void Numbers_compare_by_value_and_timestamps_to_the_second()
    {
        Assert.True(RowValues.Same(0.91m, 0.91000000m));
        Assert.False(RowValues.Same(0.91m, 1.41000000m));
        Assert.True(RowValues.Same(1, true));
        var at = new DateTime(2030, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
        Assert.True(RowValues.Same(at, at.AddMilliseconds(-678)));
        Assert.False(RowValues.Same(at, at.AddSeconds(2)));
    }
}
