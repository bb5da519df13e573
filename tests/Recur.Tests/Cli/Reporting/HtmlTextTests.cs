using Recur.Cli.Reporting;
using Xunit;

namespace Recur.Tests.Cli.Reporting;

/// <summary>Escaping, truncation and value formatting.</summary>
public sealed class HtmlTextTests
{
    [Fact]
    public void EscapesTheFiveXmlSpecialCharacters()
    {
        Assert.Equal("&lt;b&gt;&amp;&quot;&#39;x", HtmlText.Escape("<b>&\"'x"));
        Assert.Equal(string.Empty, HtmlText.Escape(null));
        Assert.Equal("é 日本 😀", HtmlText.Escape("é 日本 😀"));
    }

    [Fact]
    public void ReplacesCharactersXmlForbids()
    {
        Assert.Equal("a\uFFFDb\tc\n\uFFFD", HtmlText.Escape("a\u0001b\tc\n\uD800"));
    }

    [Fact]
    public void TruncatesWithAnEllipsis()
    {
        Assert.Equal("short", HtmlText.Truncate("short", 16));
        Assert.Equal("abcd\u2026", HtmlText.Truncate("abcdefgh", 5));
        Assert.Equal("maxChars", Assert.Throws<ArgumentOutOfRangeException>(() => HtmlText.Truncate("abc", 1)).ParamName);
    }

    [Theory]
    [InlineData(0.123456789, "0.12346")]
    [InlineData(21.4, "21.4")]
    [InlineData(12345.678, "12346")]
    [InlineData(0, "0")]
    [InlineData(1.5e-7, "1.5E-7")]
    [InlineData(double.NaN, "\u2014")]
    public void FormatsValuesWithFiveSignificantDigits(double value, string expected)
    {
        Assert.Equal(expected, HtmlText.FormatValue(value));
    }
}
