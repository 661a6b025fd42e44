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

    [Theory]
    [InlineData("headphones under 50 bucks", "headphones", null, "50", "USD")]
    [InlineData("laptop less than $1,200", "laptop", null, "1200", "USD")]
    [InlineData("monitor under $1.5k", "monitor", null, "1500", "USD")]
    [InlineData("tent $100 or less", "tent", null, "100", "USD")]
    [InlineData("kettle 30 quid max", "kettle", null, "30", "GBP")]
    [InlineData("boots $150 and up", "boots", "150", null, "USD")]
    [InlineData("speaker from $20 to $40", "speaker", "20", "40", "USD")]
    [InlineData("jacket 50-100 dollars", "jacket", "50", "100", "USD")]
    [InlineData("phone around $200", "phone", "160", "240", "USD")]
    [InlineData("coat for no more than €90", "coat for", null, "90", "EUR")]
    [InlineData("book about 1984", "book about 1984", null, null, null)]
    [InlineData("toaster 4 slice", "toaster 4 slice", null, null, null)]
    [InlineData("tent for 2 or more people", "tent for 2 or more people", null, null, null)]
    public void Many_ways_of_saying_a_price_become_bounds(string query, string text, string? min, string? max, string? currency)
    {
        var parsed = ShopperQuery.Parse(query);

        Assert.Equal(text, parsed.Text);
        Assert.Equal(min is null ? null : decimal.Parse(min, System.Globalization.CultureInfo.InvariantCulture), parsed.MinPrice);
        Assert.Equal(max is null ? null : decimal.Parse(max, System.Globalization.CultureInfo.InvariantCulture), parsed.MaxPrice);
        Assert.Equal(currency, parsed.Currency);
    }

    [Theory]
    [InlineData("t-shirt in navy blue, medium", "navy", "m")]
    [InlineData("space gray tablet", "space grey", null)]
    [InlineData("hoodie extra large", null, "xl")]
    [InlineData("running shoes sz 44", null, "44")]
    [InlineData("maroon dress size: small", "burgundy", "s")]
    [InlineData("large tent", null, null)]
    public void More_colour_and_size_phrasings_are_read(string query, string? colour, string? size)
    {
        var parsed = ShopperQuery.Parse(query);

        Assert.Equal(colour, parsed.Colour);
        Assert.Equal(size, parsed.Size);
    }
}
