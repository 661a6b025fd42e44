using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Tests;

public sealed class ShopperQueryTests
{
    [Theory]
    [InlineData("boots under $30", "boots", null, "30", "USD")]
    [InlineData("dress less than 80", "dress", null, "80", null)]
    [InlineData("tent over £100", "tent", "100", null, "GBP")]
    [InlineData("speaker between 20 and 40", "speaker", "20", "40", null)]
    [InlineData("headphones $50-$120", "headphones", "50", "120", "USD")]
    [InlineData("tent for up to 4 people", "tent for up to 4 people", null, null, null)]
    [InlineData("sleeping bag 2 to 4 seasons", "sleeping bag 2 to 4 seasons", null, null, null)]
    public void Price_phrases_become_bounds_and_leave_the_text(string query, string text, string? min, string? max, string? currency)
    {
        var parsed = ShopperQuery.Parse(query);

        Assert.Equal(text, parsed.Text);
        Assert.Equal(min is null ? null : decimal.Parse(min, System.Globalization.CultureInfo.InvariantCulture), parsed.MinPrice);
        Assert.Equal(max is null ? null : decimal.Parse(max, System.Globalization.CultureInfo.InvariantCulture), parsed.MaxPrice);
        Assert.Equal(currency, parsed.Currency);
    }

    [Theory]
    [InlineData("gray hoodie size xl", "grey", "xl")]
    [InlineData("Navy jeans size M", "navy", "m")]
    [InlineData("trainers size 42", null, "42")]
    [InlineData("small speaker", null, null)]
    public void Colours_and_sizes_are_read_and_stay_in_the_text(string query, string? colour, string? size)
    {
        var parsed = ShopperQuery.Parse(query);

        Assert.Equal(colour, parsed.Colour);
        Assert.Equal(size, parsed.Size);
        Assert.Equal(query, parsed.Text);
    }
}
