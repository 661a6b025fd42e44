using System.Text;
using System.Text.RegularExpressions;

namespace Vargo.Recommendation.Search;

/// <summary>
/// British and American words for the same thing, and the spellings that differ, written from general knowledge (not from
/// any query set). A query gains the other side's words ("jumper" also searches "sweater", "color" also "colour"), so a
/// shopper finds a product whichever English its text is written in. Only shop words: a word that is a different product
/// on the other side ("boot" of a car, "pants") is left out.
/// </summary>
public static partial class EnglishVariants
{
    /// <summary>Word or two-word phrase (lower case) → the words the other side says.</summary>
    private static readonly Dictionary<string, string> Variants = new(StringComparer.Ordinal)
    {
        // Clothing and footwear.
        ["trainers"] = "sneakers", ["trainer"] = "sneaker", ["plimsolls"] = "sneakers", ["plimsoll"] = "sneaker",
        ["jumper"] = "sweater", ["jumpers"] = "sweaters", ["pullover"] = "sweater", ["trousers"] = "pants",
        ["waistcoat"] = "vest", ["gilet"] = "vest", ["dressing gown"] = "bathrobe", ["pyjamas"] = "pajamas",
        ["braces"] = "suspenders", ["wellies"] = "rain boots", ["wellingtons"] = "rain boots", ["anorak"] = "parka",
        ["cagoule"] = "rain jacket", ["kagoul"] = "rain jacket", ["tracksuit"] = "sweatsuit",
        ["joggers"] = "sweatpants", ["jogging bottoms"] = "sweatpants", ["polo neck"] = "turtleneck", ["frock"] = "dress",
        ["court shoes"] = "pumps", ["sliders"] = "slides", ["swimming costume"] = "swimsuit",
        ["knickers"] = "panties", ["handbag"] = "purse", ["bum bag"] = "fanny pack", ["rucksack"] = "backpack",
        ["trolley"] = "cart", ["jewellery"] = "jewelry", ["trainer socks"] = "ankle socks", ["tights"] = "pantyhose",
        ["vest top"] = "tank top",
        // Home and kitchen.
        ["hob"] = "stovetop", ["frying pan"] = "skillet",
        ["tin opener"] = "can opener", ["kitchen roll"] = "paper towels", ["cling film"] = "plastic wrap",
        ["tea towel"] = "dish towel", ["washing up liquid"] = "dish soap", ["jug"] = "pitcher", ["liquidiser"] = "blender",
        ["liquidizer"] = "blender", ["casserole dish"] = "dutch oven", ["casserole"] = "dutch oven", ["fridge"] = "refrigerator",
        ["hoover"] = "vacuum cleaner", ["torch"] = "flashlight", ["duvet"] = "comforter", ["settee"] = "couch",
        ["sofa"] = "couch", ["cushion"] = "throw pillow", ["cushions"] = "throw pillows", ["wardrobe"] = "closet", ["cupboard"] = "cabinet",
        ["bin"] = "trash can", ["dustbin"] = "trash can", ["fairy lights"] = "string lights",
        ["cafetiere"] = "french press", ["biscuit"] = "cookie", ["biscuits"] = "cookies",
        ["crisps"] = "chips", ["sweets"] = "candy", ["aubergine"] = "eggplant", ["courgette"] = "zucchini",
        ["coriander"] = "cilantro", ["takeaway"] = "takeout", ["kitchen towel"] = "paper towel", ["baking tray"] = "baking sheet",
        // Electronics.
        ["mobile"] = "cell phone", ["mobile phone"] = "cell phone", ["mobiles"] = "cell phones", ["telly"] = "tv",
        ["sat nav"] = "gps", ["plug socket"] = "outlet", ["earphones"] = "earbuds", ["hi-fi"] = "stereo",
        // Sport, travel, stationery, everyday.
        ["football"] = "soccer", ["cycle"] = "bike", ["push bike"] = "bicycle", ["holiday"] = "vacation", ["holidays"] = "vacation",
        ["pushchair"] = "stroller", ["pram"] = "stroller", ["buggy"] = "stroller", ["cot"] = "crib", ["nappy"] = "diaper",
        ["nappies"] = "diapers", ["sellotape"] = "scotch tape",
        ["biro"] = "pen", ["drawing pin"] = "thumbtack", ["chemist"] = "pharmacy",
        ["autumn"] = "fall", ["maths"] = "math", ["postcode"] = "zip code", ["petrol"] = "gas", ["car park"] = "parking lot",
        ["flannel"] = "washcloth", ["fortnight"] = "two weeks",
        ["pavement"] = "sidewalk", ["torchlight"] = "flashlight",
    };

    /// <summary>Spellings: the British stem → the American one; each direction adds the other.</summary>
    private static readonly (string British, string American)[] Spellings =
    [
        ("colour", "color"), ("grey", "gray"), ("aluminium", "aluminum"), ("centre", "center"), ("metre", "meter"),
        ("litre", "liter"), ("favourite", "favorite"), ("flavour", "flavor"), ("harbour", "harbor"), ("humour", "humor"),
        ("jewellery", "jewelry"), ("tyre", "tire"), ("mould", "mold"), ("cosy", "cozy"), ("catalogue", "catalog"),
        ("programme", "program"), ("travelling", "traveling"), ("traveller", "traveler"), ("cancelling", "canceling"),
        ("cancelled", "canceled"), ("fibre", "fiber"), ("theatre", "theater"), ("defence", "defense"), ("licence", "license"),
        ("plough", "plow"), ("sceptic", "skeptic"), ("pyjamas", "pajamas"), ("moustache", "mustache"), ("woollen", "woolen"),
        ("enamelled", "enameled"), ("neighbour", "neighbor"), ("odour", "odor"), ("armour", "armor"), ("gaol", "jail"),
        ("storey", "story"), ("kerb", "curb"), ("draught", "draft"), ("cheque", "check"), ("doughnut", "donut"),
        ("organiser", "organizer"), ("moisturiser", "moisturizer"), ("anodised", "anodized"), ("sanitiser", "sanitizer"),
        ("vaporiser", "vaporizer"), ("personalised", "personalized"), ("customised", "customized"),
        ("stabiliser", "stabilizer"), ("summarise", "summarize"), ("organise", "organize"),
        ("ageing", "aging"), ("judgement", "judgment"), ("analyse", "analyze"), ("paediatric", "pediatric"),
    ];

    private static readonly Dictionary<string, string> SpellingMap = BuildSpellings();

    /// <summary>Every single word the maps know (the query corrector must not "correct" them).</summary>
    public static IEnumerable<string> Words =>
        Variants.Keys.Concat(Variants.Values).Concat(SpellingMap.Keys)
            .SelectMany(p => p.Split(' ', '-'))
            .Where(w => w.Length >= 3 && w.All(char.IsAsciiLetterLower))
            .Distinct(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="query"/> followed by the other side's words for what it says (each once, only when not already in
    /// it): "rucksack for a week" → "rucksack for a week backpack". The query is returned unchanged when nothing applies.
    /// </summary>
    public static string Expand(string query)
    {
        var words = WordPattern().Matches(query).Select(m => m.Value.ToLowerInvariant()).ToList();
        var present = words.ToHashSet(StringComparer.Ordinal);
        var added = new List<string>();
        void Add(string variant)
        {
            if (variant.Split(' ').Any(w => !present.Contains(w)) && !added.Contains(variant, StringComparer.Ordinal))
            {
                added.Add(variant);
            }
        }
        for (var i = 0; i < words.Count; i++)
        {
            if (i + 1 < words.Count && Variants.TryGetValue($"{words[i]} {words[i + 1]}", out var phrase))
            {
                Add(phrase);
                i++;
                continue;
            }
            if (Variants.TryGetValue(words[i], out var variant))
            {
                Add(variant);
            }
            if (SpellingMap.TryGetValue(words[i], out var spelling))
            {
                Add(spelling);
            }
        }
        return added.Count == 0 ? query : new StringBuilder(query).Append(' ').AppendJoin(' ', added).ToString();
    }

    private static Dictionary<string, string> BuildSpellings()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (british, american) in Spellings)
        {
            if (british != american)
            {
                map[british] = american;
                map[american] = british;
            }
        }
        return map;
    }

    [GeneratedRegex(@"[\p{L}-]+")]
    private static partial Regex WordPattern();
}
