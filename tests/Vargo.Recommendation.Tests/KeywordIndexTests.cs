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
    public void Of_two_english_words_at_the_same_distance_the_shops_own_word_wins()
    {
        var index = Index();

        // Without the shop's words the tie between two English words goes by the alphabet.
        Assert.Equal("swear navy", index.Correct("sweatr navy", new KnownWords(["swear", "sweater"])));

        var shop = new KnownWords(["swear", "floods"], shopWords: ["sweater", "flops"]);
        Assert.Equal("sweater navy", index.Correct("sweatr navy", shop));
        Assert.Equal("flip flops", index.Correct("flip floops", shop));
        // A shop word is known: never corrected itself.
        Assert.Equal("flops", index.Correct("flops", shop));
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

    [Fact]
    public void Real_words_the_catalog_lacks_are_left_alone_with_the_shipped_word_list()
    {
        var index = Index();
        index.Upsert(Guid.NewGuid(), "Pirates of the Deep. Category: books fiction. A late night read.");
        var english = KnownWords.Shipped();

        // Each is one edit from a catalog word ("pirates", "late", "hilt" is not even needed): a real word is not a typo.
        Assert.Equal("mat for pilates", index.Correct("mat for pilates", english));
        Assert.Equal("latte cups", index.Correct("latte cups", english));
        // A word in capitals among lower-case ones is an abbreviation.
        Assert.Equal("HIIT workout", index.Correct("HIIT workout", english));
        // A typo is still corrected, to an everyday word before a rare one ("jigging").
        Assert.Equal("shoe for jogging", index.Correct("shoe for jgging", english));
    }

    [Fact]
    public void The_other_words_of_the_query_choose_a_two_edit_correction_over_a_one_edit_word_they_never_go_with()
    {
        var index = new KeywordIndex();
        index.Upsert(Guid.NewGuid(), "Beach Sandals. Category: footwear sandals. Open toe, for the beach and the pool.");
        index.Upsert(Guid.NewGuid(), "Scented Candles. Category: home decor candles. Three candles in a tin.");
        var english = new KnownWords(["beach"]);

        Assert.Equal("sandals for the beach", index.Correct("sandles for the beach", english, contextual: true));
        // Without context the nearest word wins.
        Assert.Equal("candles for the beach", index.Correct("sandles for the beach", english, contextual: false));
    }

    [Fact]
    public void Two_catalog_words_typed_without_the_space_are_split()
    {
        var index = new KeywordIndex();
        index.Upsert(Guid.NewGuid(), "Iron Frying Pan. Category: home cookware frying pans. For eggs and steak.");
        index.Upsert(Guid.NewGuid(), "Down Sleeping Bag. Category: outdoors sleeping bags. Three season.");
        var english = new KnownWords(["for", "eggs"]);

        Assert.Equal("frying pan for eggs", index.Correct("fryingpan for eggs", english, contextual: true));
        Assert.Equal("sleeping bag", index.Correct("sleepingbag", english, contextual: true));
        // Halves no product uses together are no split: "bagpan" stays a typo to correct (or not).
        Assert.DoesNotContain(" ", index.Correct("bagpan", english, contextual: true));
        // A real word is never split, even when its halves are catalog words.
        Assert.Equal("panbag", index.Correct("panbag", new KnownWords(["panbag"]), contextual: true));
    }

    [Fact]
    public void A_rare_word_no_product_uses_yields_to_a_catalog_word_two_edits_away()
    {
        var index = new KeywordIndex();
        index.Upsert(Guid.NewGuid(), "Hex Dumbbells. Category: sports fitness dumbbells. Rubber coated.");
        // "umbels" is one edit from "dumbels" but a botanist's word: a search for it finds nothing.
        var english = new KnownWords(["umbels"], common: ["hex"]);

        Assert.Equal("dumbbells", index.Correct("dumbels", english, contextual: true));
        Assert.Equal("hex dumbbells", index.Correct("hex dumbels", english, contextual: true));
        // An everyday word one edit away still stands.
        Assert.Equal("umbels", index.Correct("dumbels", new KnownWords(["umbels"]), contextual: true));
    }

    [Fact]
    public void An_english_word_is_matched_exactly_by_the_keyword_ranking()
    {
        var index = new KeywordIndex();
        var pirates = Guid.NewGuid();
        index.Upsert(pirates, "Pirates of the Deep. Category: books fiction.");
        var english = new KnownWords(["pilates"]);

        Assert.Equal(pirates, index.Search("pilates", 5, _ => true, fuzzy: true).Single().Id);
        Assert.Empty(index.Search("pilates", 5, _ => true, fuzzy: true, english.Contains));
    }
}
