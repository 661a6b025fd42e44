using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Tests;

public sealed class KnownWordsTests
{
    [Theory]
    [InlineData("dresses")]
    [InlineData("boxes")]
    [InlineData("benches")]
    [InlineData("brushes")]
    [InlineData("potatoes")]
    [InlineData("shoes")]
    public void A_plural_of_a_known_word_is_known(string plural) =>
        Assert.True(new KnownWords(["dress", "box", "bench", "brush", "potato", "shoe"]).Contains(plural));

    [Fact]
    public void An_es_ending_english_never_adds_is_no_form_of_the_word_but_a_typo()
    {
        // "laides" (a typo of "ladies") is not "laid" + "es": taken for English, the corrector left it alone.
        var known = new KnownWords(["laid", "ladies"]);

        Assert.False(known.Contains("laides"));
        Assert.Equal("ladies jumper", new KeywordIndex().Correct("laides jumper", new KnownWords(["laid", "ladies", "jumper"])));
    }
}
