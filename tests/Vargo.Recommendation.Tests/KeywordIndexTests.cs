using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Tests;

public sealed class KeywordIndexTests
{
    private static readonly Guid Headphones = Guid.NewGuid();
    private static readonly Guid Kettle = Guid.NewGuid();

    private static KeywordIndex Index()
    {
        var index = new KeywordIndex();
        index.Upsert(Headphones, "Quiet Wireless Headphones. Category: electronics audio headphones. Noise cancelling over-ear.");
        index.Upsert(Kettle, "Steel Kettle. Category: home kitchen kettles. Boils water fast.");
        return index;
    }

    [Fact]
    public void Any_word_may_match_and_a_typo_matches_within_one_edit()
    {
        var index = Index();

        Assert.Equal(Headphones, index.Search("hedphones for the train", 5, _ => true, fuzzy: true).Single().Id);
        Assert.Empty(index.Search("hedphones for the train", 5, _ => true, fuzzy: false));
    }

    [Fact]
    public void Correct_replaces_unknown_words_but_not_english_ones()
    {
        var index = Index();
        var english = new KnownWords(["train", "jogging"]);

        Assert.Equal("headphone for the train", index.Correct("hedphones for the train", english.Contains));
        Assert.Equal("jogging kettle", index.Correct("jogging kettel", english.Contains));
    }

    [Fact]
    public void Gibberish_is_not_recognised()
    {
        var index = Index();
        var english = new KnownWords(["train"]);

        Assert.False(index.Recognises("xqzvbnm 7f3a9c2e", english.Contains));
        Assert.True(index.Recognises("kettel", english.Contains));
        Assert.True(index.Recognises("train", english.Contains));
    }

    [Fact]
    public void Correct_against_the_vocabulary_keeps_the_word_form_and_prefers_the_same_first_letter()
    {
        var index = Index();
        index.Upsert(Guid.NewGuid(), "Trail Shoe. Category: footwear. A shoe for the hills.");
        var english = new KnownWords(["train", "jogging", "phone"]);

        Assert.Equal("headphones for the train", index.Correct("hedphones for the train", english));
        // "jogging" is in no product text, but it is English: a typo of it is corrected to it.
        Assert.Equal("shoe for jogging", index.Correct("shoe for jgging", english));
        // "phoe" is one edit from both "shoe" (in the catalog) and "phone": the first letter decides.
        Assert.Equal("phone", index.Correct("phoe", english));
        Assert.Equal("jogging kettle", index.Correct("jogging kettel", english));
    }
}
