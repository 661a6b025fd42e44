using System.Text.RegularExpressions;
using Vargo.Recommendation.VectorSearch;

namespace Vargo.Recommendation.Search;

/// <summary>
/// How <see cref="ShopSearch"/> fuses the two rankings. The defaults are the values tuned on the development half of the
/// evaluation set (bench/Vargo.Bench.Recommendation, docs/benchmarks.md); the test sets never chose them.
/// </summary>
/// <param name="LexicalWeight">Weight of the keyword rank in reciprocal-rank fusion (0: semantic only).</param>
/// <param name="SemanticWeight">Weight of the semantic rank (0: keywords only).</param>
/// <param name="K">The fusion constant: 1 / (K + rank).</param>
/// <param name="Depth">How many candidates each ranking contributes; facets count over the fused candidates.</param>
/// <param name="CorrectQuery">Embed the query with unknown words replaced by their closest catalog or English word (typos).</param>
/// <param name="KeywordsOnCorrected">Rank keywords by the corrected query too (else by the typed one, fuzzily). A query
/// whose correction reads other constraints ("lamp unedr 50") or an occasion word ("birthday prsent") is ranked by its
/// corrected text in both halves either way, as the right spelling would be.</param>
/// <param name="ExpandKeywords">Add the other English's words (<see cref="EnglishVariants"/>) to the keyword query.</param>
/// <param name="ExpandSemantic">Add them to the embedded query too.</param>
/// <param name="ExpandSynonyms">Add the plain words for the shoppers' names of things (<see cref="ShopSynonyms"/>:
/// "earbuds" → "headphones") wherever the British/American words are added.</param>
/// <param name="ExpandUses">Add the plain words for the kinds of product an activity or interest in the query calls for
/// (<see cref="ShopSynonyms.ShippedUses"/>: "hiit" → "training shoe") to the keyword query only, and only when the query
/// names no kind of product itself (<see cref="ProductDirectory.NamesAKind"/>, or a synonym): there they lift the products
/// of those kinds, where in the embedded query they would dilute what the shopper wrote (tried: half the gain).</param>
/// <param name="MinSemanticScore">Below this cosine a semantic match with no keyword match is not an answer
/// (what makes "xqzvbn" come back empty instead of the least unlike products).</param>
/// <param name="CategoryBoost">How much the category the fused top results agree on lifts its other products, as a share
/// of the best fused score (0: off). A query names one kind of thing far more often than several, so a stray product of
/// another kind in the top ten is more often noise than an answer.</param>
/// <param name="CategoryVotes">How many of the top fused results vote for the category.</param>
/// <param name="VoteBeforeFilters">The category vote is taken on the query's ranking without the shopper's price, colour,
/// size and brand constraints, then lifts the constrained ranking: the vote says what kind of thing the words name, and a
/// category must not win it merely because more of its products survived the filters ("jeans under $60 in black" must
/// not lift jackets because more jackets are black).</param>
/// <param name="ContextualCorrection">Let the query's other words choose a typo's correction (a catalog word some product
/// uses with them first, up to two edits away): <see cref="KeywordIndex.Correct(string, KnownWords, bool)"/>.</param>
/// <param name="DropOccasionWords">Rank by the query without the words that say why it is bought rather than what it is
/// ("gift", "present", "birthday", "christmas", "stocking filler"…): they name no kind of product, and a product text that
/// happens to say "a great gift" is no better an answer for them.</param>
/// <param name="ExactEnglishKeywords">A query word that is English (<see cref="KnownWords"/>) but in no product text is
/// matched exactly by the keyword ranking, not fuzzily: it is a real word, not a typo.</param>
/// <param name="NamedMaxDocuments">A query word that is no English word and is in at most this many product texts names
/// those products (<see cref="KeywordIndex.Named"/>): they come first, whatever the fused ranking says (0: off). Without it a
/// model name or a code typed alone ("zephyr", "3e5a7b90c1") loses to a hundred products the embedding finds faintly alike.</param>
public sealed record FusionOptions(
    double LexicalWeight = 0.5,
    double SemanticWeight = 1.0,
    int K = 60,
    int Depth = 100,
    bool CorrectQuery = true,
    double MinSemanticScore = 0.2,
    double CategoryBoost = 8.0,
    int CategoryVotes = 10,
    bool KeywordsOnCorrected = false,
    bool ExpandKeywords = true,
    bool ExpandSemantic = true,
    bool VoteBeforeFilters = true,
    bool ContextualCorrection = true,
    bool ExactEnglishKeywords = false,
    bool DropOccasionWords = true,
    int NamedMaxDocuments = 3,
    bool ExpandSynonyms = true,
    bool ExpandUses = true);

/// <summary>What a shopper asked: the typed text, and the refinements chosen from facets (each optional).</summary>
public sealed record ShopSearchRequest(
    string Query,
    int Limit = 10,
    string? CategoryPath = null,
    string? Brand = null,
    decimal? MinPrice = null,
    decimal? MaxPrice = null,
    string? Colour = null,
    string? Size = null);

/// <summary>A facet value and how many of the fused results carry it.</summary>
public sealed record FacetCount(string Value, int Count);

/// <summary>
/// The answer: the constraints read from the text (<see cref="Interpreted"/>), the best <c>Limit</c> products, how
/// many matched in all (<see cref="Total"/>, at most twice <see cref="FusionOptions.Depth"/>), and facets over all of them.
/// </summary>
public sealed record ShopSearchResult(
    ShopperQuery Interpreted,
    IReadOnlyList<ProductSuggestion> Items,
    int Total,
    IReadOnlyList<FacetCount> Categories,
    IReadOnlyList<FacetCount> Brands)
{
    /// <summary>
    /// <see cref="ShopperQuery.Text"/> with the words the search took for typos replaced ("hedphones" → "headphones",
    /// "fryingpan" → "frying pan"), when it corrected any; null when it ranked the words as typed.
    /// </summary>
    public string? Corrected { get; init; }

    public static ShopSearchResult Empty(ShopperQuery interpreted) => new(interpreted, [], 0, [], []);
}

/// <summary>
/// The search a shopper uses: keyword relevance (BM25 over any of the words, typos matched within one or two edits)
/// fused by weighted reciprocal rank with the semantic ranking (query embedding against the product vectors), the
/// constraints a shopper types ("under $30", "red", "size 42") turned into filters, facets counted on the fused result.
/// Both rankings are in this process over the same product texts, so one search is one embedding and two scans.
/// </summary>
/// <param name="keywordRanking">The keyword half's ranking; the directory's own <see cref="KeywordIndex"/> unless given
/// (the benchmark compares Lucene.Net's BM25 through it).</param>
public sealed partial class ShopSearch(
    ProductDirectory directory, QueryEmbeddingCache queryEmbeddings, FusionOptions options, KnownWords knownWords,
    ShopSynonyms? synonyms = null, ShopSynonyms? uses = null, IKeywordRanking? keywordRanking = null)
{
    private readonly IKeywordRanking _keywordRanking = keywordRanking ?? directory.Keywords;
    private readonly ShopSynonyms _synonyms = synonyms ?? ShopSynonyms.Shipped;
    private readonly ShopSynonyms _uses = uses ?? ShopSynonyms.ShippedUses;

    public FusionOptions Options => options;

    public Task<ShopSearchResult> SearchAsync(ShopSearchRequest request, CancellationToken cancellationToken = default) =>
        SearchAsync(request, options, cancellationToken);

    /// <summary>The same search with other fusion settings (the benchmark tunes and compares with it).</summary>
    public async Task<ShopSearchResult> SearchAsync(ShopSearchRequest request, FusionOptions fusion, CancellationToken cancellationToken = default)
    {
        var typedQuery = request.Query ?? "";
        var parsed = ShopperQuery.Parse(typedQuery);
        // One correction per text for the whole search: the constraints, the gibberish check and the ranking ask about the
        // same few texts (usually one), and each correction walks the word list.
        var corrections = new Dictionary<string, string>(StringComparer.Ordinal);
        string Correct(string text) => corrections.TryGetValue(text, out var corrected)
            ? corrected
            : corrections[text] = directory.Keywords.Correct(text, knownWords, fusion.ContextualCorrection);
        // A constraint typed with a typo in it ("lamp unedr 50", "mummy bag yelow", "tee meedium") is read from the
        // corrected query; left in the text, the bound or colour was never applied however well the rest was ranked.
        string? correctedBeforeParsing = null;
        if (fusion.CorrectQuery && directory.Count > 0)
        {
            var correctedQuery = Correct(typedQuery);
            // Read differently, not just more: "oilve green" read "green" where "olive green" means olive.
            if (correctedQuery != typedQuery && ShopperQuery.Parse(correctedQuery) is var reread
                && reread.Constraints >= parsed.Constraints && reread with { Text = parsed.Text } != parsed)
            {
                parsed = reread;
                correctedBeforeParsing = reread.Text;
            }
        }
        // A refinement chosen from a facet wins over what the text says.
        var interpreted = parsed with
        {
            MinPrice = request.MinPrice ?? parsed.MinPrice,
            MaxPrice = request.MaxPrice ?? parsed.MaxPrice,
            Colour = request.Colour?.ToLowerInvariant() ?? parsed.Colour,
            Size = request.Size?.ToLowerInvariant() ?? parsed.Size,
        };
        // A colour or size read from the text that no product comes in at all ("brown boots" where nothing is brown) is
        // no filter the search can honour: kept, it would leave only the products that name no colour (books) and the
        // words they happen to share with the query ("brown" one edit from "crown").
        if (request.Colour is null && parsed.Colour is { } colour && !directory.AnyComesIn(colour, null))
        {
            interpreted = interpreted with { Colour = null };
        }
        if (request.Size is null && parsed.Size is { } size && !directory.AnyComesIn(null, size))
        {
            interpreted = interpreted with { Size = null };
        }
        if (string.IsNullOrWhiteSpace(interpreted.Text) || directory.Count == 0 || !Recognised(interpreted.Text, fusion, Correct))
        {
            // Still says how a constraint's typo was read ("xqzvbnm unedr 50": up to 50), unless nothing but constraints was typed.
            return ShopSearchResult.Empty(interpreted) with { Corrected = string.IsNullOrWhiteSpace(correctedBeforeParsing) ? null : correctedBeforeParsing };
        }

        var result = await RankAsync(request, interpreted, fusion, Correct, cancellationToken);
        // A colour or size read from the text that no candidate has ("jeans size 32" where sizes are S–XL) is dropped
        // rather than answering nothing; the answer's Interpreted says which filters were applied.
        if (result.Total == 0 && ((parsed.Colour is not null && request.Colour is null) || (parsed.Size is not null && request.Size is null)))
        {
            interpreted = interpreted with { Colour = request.Colour, Size = request.Size };
            result = await RankAsync(request, interpreted, fusion, Correct, cancellationToken);
        }
        return result with { Corrected = result.Corrected ?? correctedBeforeParsing };
    }

    private async Task<ShopSearchResult> RankAsync(ShopSearchRequest request, ShopperQuery interpreted, FusionOptions fusion, Func<string, string> correct, CancellationToken cancellationToken)
    {
        var accept = Filter(request, interpreted);
        // The shopper's constraints thin the candidates out; the category vote looks at the ranking without them.
        var constrained = interpreted.MinPrice is not null || interpreted.MaxPrice is not null || interpreted.Colour is not null
            || interpreted.Size is not null || request.Brand is not null;
        var voteApart = fusion.VoteBeforeFilters && fusion.CategoryBoost > 0 && constrained;
        var open = Filter(request with { Brand = null }, new ShopperQuery(interpreted.Text, null, null, null, null, null));
        var typed = fusion.DropOccasionWords ? WithoutOccasion(interpreted.Text) : interpreted.Text;
        var text = fusion.CorrectQuery ? correct(typed) : typed;
        // Said back to the shopper in the words they typed (occasion words included) when a word was taken for a typo.
        var corrected = text == typed ? null
            : typed == interpreted.Text ? text
            : correct(interpreted.Text);
        if (fusion.DropOccasionWords && text != typed && WithoutOccasion(text) is var plain && plain != text)
        {
            // An occasion word typed with a typo ("prsent", "wdeding") is one only once corrected: left out then, as it is
            // when typed right, from both halves.
            typed = text = plain;
        }
        var keywordText = fusion.KeywordsOnCorrected ? text : typed;
        var lexicalBoth = fusion.LexicalWeight > 0
            ? _keywordRanking.Search(fusion.ExpandKeywords ? ExpandKeywords(keywordText, fusion) : keywordText, fusion.Depth,
                voteApart ? [accept, open] : [accept], fuzzy: true, fusion.ExactEnglishKeywords ? knownWords.Contains : null)
            : [[], []];
        var lexical = lexicalBoth[0];
        text = fusion.ExpandSemantic ? Expand(text, fusion) : text;
        if (fusion.SemanticWeight <= 0)
        {
            return Answer(interpreted, request, lexical.Select(l => (l.Id, l.Score))) with { Corrected = corrected };
        }

        var vector = await queryEmbeddings.GetAsync(text, cancellationToken);
        // Colour and size are not known to the vector store: ask it for more when they will thin the candidates out.
        var semanticDepth = interpreted.Colour is null && interpreted.Size is null && request.Brand is null ? fusion.Depth : fusion.Depth * 4;
        var matches = await directory.Vectors.SearchAsync(
            new VectorQuery(vector, semanticDepth, request.CategoryPath, interpreted.MinPrice, interpreted.MaxPrice), cancellationToken);
        var semantic = matches.Where(m => m.Score >= fusion.MinSemanticScore && accept(m.ProductId)).Take(fusion.Depth).ToList();
        var fused = Fuse(semantic, lexical, fusion);

        var voters = fused;
        if (voteApart)
        {
            var openMatches = await directory.Vectors.SearchAsync(new VectorQuery(vector, fusion.Depth, request.CategoryPath, null, null), cancellationToken);
            voters = Fuse(openMatches.Where(m => m.Score >= fusion.MinSemanticScore && open(m.ProductId)).ToList(),
                fusion.LexicalWeight > 0 ? lexicalBoth[1] : [], fusion);
        }
        BoostAgreedCategory(fused, voters, fusion);
        PutNamedFirst(fused, typed, accept, fusion);
        return Answer(interpreted, request, fused.Select(f => (f.Key, f.Value))) with { Corrected = corrected };
    }

    /// <summary>
    /// Whether the query means something here as typed or as the corrector reads it: "dumbels" and "sleepingbag" are no
    /// word the index or the word list knows, but "dumbbells" and "sleeping bag" are. Gibberish is neither.
    /// </summary>
    private bool Recognised(string text, FusionOptions fusion, Func<string, string> correct) =>
        directory.Keywords.Recognises(text, knownWords.Contains)
        || (fusion.CorrectQuery && directory.Keywords.Recognises(correct(text), knownWords.Contains));

    /// <summary>
    /// The text with the other English's words and, with <see cref="FusionOptions.ExpandSynonyms"/>, the plain words for
    /// the shopper's and for those ("rucksack" → "backpack" → "hiking backpack"), each read apart so that no phrase spans
    /// the typed text and an added word.
    /// </summary>
    private string Expand(string text, FusionOptions fusion)
    {
        var withVariants = EnglishVariants.Expand(text);
        if (!fusion.ExpandSynonyms)
        {
            return withVariants;
        }
        // Each meaning once, and none the variants already added ("trainers" gives "sneakers" both ways).
        var present = withVariants.ToLowerInvariant();
        return Append(withVariants, _synonyms.Meanings(text).Concat(_synonyms.Meanings(withVariants[text.Length..]))
            .Distinct(StringComparer.Ordinal)
            .Where(meaning => !Regex.IsMatch(present, $@"\b{Regex.Escape(meaning)}\b"))
            .ToList());
    }

    /// <summary><see cref="Expand"/>, and with <see cref="FusionOptions.ExpandUses"/> the kinds of product the query's activities call for.</summary>
    private string ExpandKeywords(string text, FusionOptions fusion)
    {
        var expanded = Expand(text, fusion);
        if (!fusion.ExpandUses || _synonyms.Meanings(text).Count > 0)
        {
            return expanded;
        }
        // A query that already names a kind of thing outside its activity phrases ("gumboots for the school run") says
        // what it wants; the kinds its activity words call for ("school run": kids' sneakers) would only compete with it.
        // A kind's word inside an activity phrase ("boot camp", "crime fiction") names no kind.
        return directory.NamesAKind(_uses.Uncovered(text)) ? expanded : Append(expanded, _uses.Meanings(text));
    }

    private static string Append(string text, IReadOnlyList<string> words) =>
        words.Count == 0 ? text : $"{text} {string.Join(' ', words)}";

    /// <summary>Lifts the products the query names (<see cref="FusionOptions.NamedMaxDocuments"/>) above every other, in their fused order.</summary>
    private void PutNamedFirst(Dictionary<Guid, double> fused, string text, Func<Guid, bool> accept, FusionOptions fusion)
    {
        var named = directory.Keywords.Named(text, knownWords.Contains, fusion.NamedMaxDocuments).Where(accept).ToList();
        if (named.Count == 0)
        {
            return;
        }
        var best = fused.Count == 0 ? 0 : fused.Values.Max();
        foreach (var id in named)
        {
            // Above the best by a hair even when the named product had no fused score of its own.
            fused[id] = best + fused.GetValueOrDefault(id) + 1e-9;
        }
    }

    /// <summary>The text without the occasion words (<see cref="FusionOptions.DropOccasionWords"/>), or as typed if that leaves no word.</summary>
    public static string WithoutOccasion(string text)
    {
        var stripped = OccasionWords().Replace(text, " ");
        return stripped.Any(char.IsLetter) ? string.Join(' ', stripped.Split(' ', StringSplitOptions.RemoveEmptyEntries)) : text;
    }

    [GeneratedRegex(@"\b(?:stocking (?:filler|stuffer)s?|secret santa|gifts?|presents?|birthday|b-?day|christmas|xmas|anniversary|housewarming|house warming|wedding|engagement|graduation|christening|retirement|leaving (?=present|gift)|(?:father|mother)['’]?s['’]? day|valentine(?:['’]?s)?(?: day)?|easter|hanukkah|diwali|eid)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OccasionWords();

    private static Dictionary<Guid, double> Fuse(IReadOnlyList<VectorMatch> semantic, IReadOnlyList<(Guid Id, double Score)> lexical, FusionOptions fusion)
    {
        var fused = new Dictionary<Guid, double>();
        for (var rank = 0; rank < semantic.Count; rank++)
        {
            fused[semantic[rank].ProductId] = fusion.SemanticWeight / (fusion.K + rank + 1);
        }
        for (var rank = 0; rank < lexical.Count; rank++)
        {
            fused[lexical[rank].Id] = fused.GetValueOrDefault(lexical[rank].Id) + fusion.LexicalWeight / (fusion.K + rank + 1);
        }
        return fused;
    }

    /// <summary>
    /// Lifts each product by its category's share of the top scores of <paramref name="voters"/> (the same ranking, or the
    /// ranking without the shopper's constraints), scaled by <see cref="FusionOptions.CategoryBoost"/> × the best fused score.
    /// </summary>
    private void BoostAgreedCategory(Dictionary<Guid, double> fused, Dictionary<Guid, double> voters, FusionOptions fusion)
    {
        if (fusion.CategoryBoost <= 0 || fused.Count == 0 || voters.Count == 0)
        {
            return;
        }
        var top = voters.OrderByDescending(f => f.Value).ThenBy(f => f.Key).Take(fusion.CategoryVotes).ToList();
        var share = top.GroupBy(f => directory.Find(f.Key)?.CategoryPath ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(f => f.Value), StringComparer.Ordinal);
        var total = share.Values.Sum();
        var lift = fusion.CategoryBoost * fused.Values.Max() / total;
        foreach (var id in fused.Keys.ToList())
        {
            fused[id] += lift * share.GetValueOrDefault(directory.Find(id)?.CategoryPath ?? "");
        }
    }

    private ShopSearchResult Answer(ShopperQuery interpreted, ShopSearchRequest request, IEnumerable<(Guid Id, double Score)> scores)
    {
        var ranked = scores
            .OrderByDescending(f => f.Score).ThenBy(f => f.Id)
            .Select(f => directory.Find(f.Id) is { } product ? ProductSuggestion.Of(product, f.Score) : null)
            .OfType<ProductSuggestion>()
            .ToList();

        return new ShopSearchResult(
            interpreted,
            ranked.Take(request.Limit).ToList(),
            ranked.Count,
            Count(ranked.Select(p => p.CategoryPath)),
            Count(ranked.Select(p => p.Brand).OfType<string>()));
    }

    private static List<FacetCount> Count(IEnumerable<string> values) =>
        values.GroupBy(v => v, StringComparer.OrdinalIgnoreCase)
            .Select(g => new FacetCount(g.Key, g.Count()))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal)
            .ToList();

    private Func<Guid, bool> Filter(ShopSearchRequest request, ShopperQuery query)
    {
        var bounds = new VectorQuery(ReadOnlyMemory<float>.Empty, 1, request.CategoryPath, query.MinPrice, query.MaxPrice);
        return id =>
        {
            if (directory.Find(id) is not { } product || !bounds.Matches(id, product.CategoryPath, product.Price))
            {
                return false;
            }
            // A price bound typed with a currency symbol is about prices in that currency only.
            if (query.Currency is not null && (query.MinPrice is not null || query.MaxPrice is not null)
                && !string.Equals(product.Currency, query.Currency, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            if (request.Brand is not null && !string.Equals(product.Brand, request.Brand, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            var (colours, sizes) = directory.OptionsOf(id);
            // A product that names no colours (or sizes) is not excluded by one: its text may still say it. Nor is a
            // product sized only in numbers (shoes) by a letter size ("medium"): the letter says nothing about it.
            return (query.Colour is null || colours.Count == 0 || colours.Contains(query.Colour) || (query.Colour == "grey" && colours.Contains("gray")))
                && (query.Size is null || sizes.Count == 0 || sizes.Contains(query.Size)
                    || (ShopperQuery.IsLetterSize(query.Size) && !sizes.Any(ShopperQuery.IsLetterSize)));
        };
    }
}
