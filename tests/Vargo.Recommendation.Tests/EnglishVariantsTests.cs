using Vargo.Recommendation.Search;

namespace Vargo.Recommendation.Tests;

public sealed class EnglishVariantsTests
{
    [Theory]
    [InlineData("rucksack for a week", "rucksack for a week backpack")]
    [InlineData("mobile phone case", "mobile phone case cell phone")]
    [InlineData("colour changing lamp", "colour changing lamp color")]
    [InlineData("gray hoodie", "gray hoodie grey")]
    [InlineData("trainers or sneakers", "trainers or sneakers")]
    [InlineData("running shoes", "running shoes")]
    public void The_other_englishs_words_are_added_once(string query, string expanded)
    {
        Assert.Equal(expanded, EnglishVariants.Expand(query));
    }

    [Fact]
    public void The_corrector_knows_the_variant_words()
    {
        var known = KnownWords.FromMiniLmVocabulary();

        Assert.True(known.Contains("liquidiser"));
        Assert.True(known.Contains("rucksack"));
    }
}
