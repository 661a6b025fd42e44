using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Tests;

public sealed class ShopSynonymsTests
{
    private static readonly ShopSynonyms Synonyms = new(new Dictionary<string, string[]>
    {
        ["earbuds"] = ["headphones"],
        ["flip-flops"] = ["sandals"],
        ["pots and pans"] = ["frying pan", "saucepan"],
        ["pans"] = ["frying pan"],
        ["frock"] = ["dress"],
        ["sci-fi"] = ["science fiction"],
        ["bell tent"] = ["tent"],
        ["bivvy"] = ["tent"],
        ["boot camp"] = ["training shoe"],
    });

    [Theory]
    [InlineData("earbuds for running", "earbuds for running headphones")]
    [InlineData("Flip Flops for the beach", "Flip Flops for the beach sandals")]
    [InlineData("flip-flops", "flip-flops sandals")]
    [InlineData("pots and pans for my first flat", "pots and pans for my first flat frying pan saucepan")]
    [InlineData("frocks for a wedding", "frocks for a wedding dress")]
    [InlineData("sci fi paperbacks", "sci fi paperbacks science fiction")]
    [InlineData("bell tents for a festival", "bell tents for a festival tent")]
    [InlineData("bivvies", "bivvies tent")]
    [InlineData("headphones or earbuds", "headphones or earbuds")]
    [InlineData("earbuds and more earbuds", "earbuds and more earbuds headphones")]
    [InlineData("running shoes", "running shoes")]
    [InlineData("", "")]
    public void The_plain_words_for_a_shoppers_words_are_added_once(string query, string expanded) =>
        Assert.Equal(expanded, Synonyms.Expand(query));

    [Theory]
    [InlineData("boot camp workout", "workout")]
    [InlineData("Gumboots for Boot-Camp", "gumboots for")]
    [InlineData("earbuds", "")]
    public void The_words_no_phrase_covers_are_what_is_left_of_the_query(string query, string uncovered) =>
        Assert.Equal(uncovered, Synonyms.Uncovered(query));

    [Fact]
    public void The_shipped_list_loads_and_maps_common_names_to_the_shops_words()
    {
        Assert.Equal("earbuds headphones", ShopSynonyms.Shipped.Expand("earbuds"));
        Assert.Equal("whodunnit mystery", ShopSynonyms.Shipped.Expand("whodunnit"));
        Assert.Equal("shoes for hiit training shoe", ShopSynonyms.ShippedUses.Expand("shoes for hiit"));
    }

    [Fact]
    public void The_corrector_knows_the_shoppers_words()
    {
        var known = KnownWords.Shipped();

        Assert.True(known.Contains("gumboots"));
        Assert.True(known.Contains("cocotte"));
        Assert.True(known.Contains("parkrun"));
    }
}
