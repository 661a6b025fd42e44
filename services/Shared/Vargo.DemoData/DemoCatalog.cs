using System.Globalization;
using System.Text;

namespace Vargo.DemoData;

/// <summary>
/// The demo catalog: a category tree of 68 categories over 3 levels and, by default, 1,200 products with
/// variants. Deterministic: the same seed and count give the same catalog (ids, SKUs, names, prices) on any machine.
/// Each leaf draws from its own random stream, so editing one leaf's table does not reshuffle the others.
/// </summary>
public sealed class DemoCatalog
{
    public const int DefaultSeed = 20261124;
    public const int DefaultProductCount = 1200;
    public const string Currency = "USD";

    private static readonly DateTimeOffset CatalogEpoch = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private DemoCatalog(IReadOnlyList<DemoCategory> categories, IReadOnlyList<DemoProduct> products)
    {
        Categories = categories;
        Products = products;
        AllSkus = products.SelectMany(p => p.SellableSkus).ToArray();
    }

    /// <summary>Every category, parents before children.</summary>
    public IReadOnlyList<DemoCategory> Categories { get; }

    public IReadOnlyList<DemoProduct> Products { get; }

    /// <summary>Every SKU a customer can buy (see <see cref="DemoProduct.SellableSkus"/>), in catalog order.</summary>
    public IReadOnlyList<string> AllSkus { get; }

    private static readonly Lazy<DemoCatalog> Default = new(() => Build(DefaultSeed, DefaultProductCount));

    /// <summary>The demo catalog every service seeds from (cached: it is immutable).</summary>
    public static DemoCatalog Create() => Default.Value;

    public static DemoCatalog Create(int seed, int productCount = DefaultProductCount) =>
        seed == DefaultSeed && productCount == DefaultProductCount ? Default.Value : Build(seed, productCount);

    private static DemoCatalog Build(int seed, int productCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(productCount);

        var categories = new List<DemoCategory>();
        var leaves = new List<(DemoCategory Category, LeafContent Content, AttributeBlueprint[] Attributes)>();
        foreach (var root in DemoCatalogTree.Roots)
        {
            AddCategory(root, parent: null, inherited: [], categories, leaves);
        }

        var products = new List<DemoProduct>(productCount);
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < leaves.Count; i++)
        {
            var count = productCount / leaves.Count + (i < productCount % leaves.Count ? 1 : 0);
            var (category, content, attributes) = leaves[i];
            var random = new Random(seed ^ (int)StableHash.Fnv1a(category.Path));
            products.AddRange(GenerateLeaf(seed, category, content, attributes, count, random, slugs));
        }

        return new DemoCatalog(categories, products);
    }

    private static void AddCategory(
        CategoryBlueprint blueprint,
        DemoCategory? parent,
        AttributeBlueprint[] inherited,
        List<DemoCategory> categories,
        List<(DemoCategory, LeafContent, AttributeBlueprint[])> leaves)
    {
        var path = parent is null ? blueprint.Slug : $"{parent.Path}/{blueprint.Slug}";
        var category = new DemoCategory(
            StableHash.Guid("vargo-demo/category/" + path),
            blueprint.Slug,
            blueprint.Name,
            parent?.Id,
            path,
            parent is null ? 0 : parent.Depth + 1,
            blueprint.Attributes.Select(a => a.Definition).ToArray())
        {
            IsLeaf = blueprint.Leaf is not null,
        };
        categories.Add(category);

        AttributeBlueprint[] effective = [.. inherited, .. blueprint.Attributes];
        if (blueprint.Leaf is not null)
        {
            leaves.Add((category, blueprint.Leaf, effective));
        }
        foreach (var child in blueprint.Children)
        {
            AddCategory(child, category, effective, categories, leaves);
        }
    }

    private static IEnumerable<DemoProduct> GenerateLeaf(
        int seed,
        DemoCategory category,
        LeafContent content,
        AttributeBlueprint[] attributes,
        int count,
        Random random,
        HashSet<string> slugs)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var axes = content.VariantAxes.Select(axis => attributes.Single(a => a.Definition.Name == axis)).ToArray();

        for (var n = 1; n <= count; n++)
        {
            var brand = Pick(random, content.Brands);
            var name = UniqueName(random, content, brand, names);
            var sku = $"{content.SkuCode}-{n:D4}";
            var slug = Slugify(name);
            if (!slugs.Add(slug))
            {
                slug = $"{slug}-{sku.ToLowerInvariant()}";
                slugs.Add(slug);
            }

            var productAttributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var attribute in attributes)
            {
                if (axes.Contains(attribute))
                {
                    continue;
                }
                productAttributes[attribute.Definition.Name] = Pick(random, attribute.Samples);
            }

            var price = RoundPrice(content.MinPrice + (decimal)random.NextDouble() * (content.MaxPrice - content.MinPrice));
            var variants = axes.Length > 0 && random.Next(100) < 80
                ? GenerateVariants(random, sku, name, price, content.PricedAxisStep, axes)
                : [];
            if (variants.Count == 0)
            {
                foreach (var axis in axes)
                {
                    productAttributes[axis.Definition.Name] = Pick(random, axis.Samples);
                }
            }
            else
            {
                price = variants.Min(v => v.Price);
            }

            decimal? compareAt = random.Next(100) < 20 ? RoundPrice(price * (1.15m + (decimal)random.NextDouble() * 0.25m)) : null;
            var createdAt = CatalogEpoch.AddDays(-random.Next(0, 365)).AddMinutes(-random.Next(0, 24 * 60));

            yield return new DemoProduct(
                StableHash.Guid($"vargo-demo/{seed}/product/{sku}"),
                sku,
                name,
                slug,
                Describe(random, name, brand, content, productAttributes, DemoProductUses.For(category.Slug, sku)),
                brand,
                category.Id,
                category.Path,
                price,
                Currency,
                compareAt,
                productAttributes,
                variants,
                createdAt);
        }
    }

    private static List<DemoVariant> GenerateVariants(Random random, string sku, string name, decimal basePrice, decimal step, AttributeBlueprint[] axes)
    {
        // The first axis spans a contiguous run of its values (sizes 40–44, 256 GB–1 TB); a second axis, if any, adds one or two values.
        var first = axes[0].Samples;
        var length = Math.Min(first.Length, random.Next(2, 6));
        var start = random.Next(0, first.Length - length + 1);
        var firstValues = first.Skip(start).Take(length).ToArray();
        var secondValues = axes.Length > 1 ? Shuffle<string?>(random, axes[1].Samples).Take(random.Next(1, 3)).ToArray() : [null];

        var variants = new List<DemoVariant>();
        for (var i = 0; i < firstValues.Length; i++)
        {
            foreach (var second in secondValues)
            {
                var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { [axes[0].Definition.Name] = firstValues[i] };
                var label = firstValues[i];
                if (second is not null)
                {
                    attributes[axes[1].Definition.Name] = second;
                    label = $"{label}, {second}";
                }
                var code = string.Concat(string.Join("-", attributes.Values).Where(char.IsLetterOrDigit)).ToUpperInvariant();
                variants.Add(new DemoVariant($"{sku}-{code}", $"{name} ({label})", basePrice + step * i, attributes));
            }
        }
        return variants;
    }

    private static string UniqueName(Random random, LeafContent content, string brand, HashSet<string> names)
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = content.NamePattern
                .Replace("{brand}", brand)
                .Replace("{model}", Pick(random, content.Models))
                .Replace("{qualifier}", Pick(random, content.Qualifiers))
                .Replace("{noun}", content.Noun)
                .Trim();
            if (attempt >= 20)
            {
                // The table's combinations ran out: number the edition, as real catalogs do.
                name = $"{name} {attempt - 18}";
            }
            if (names.Add(name))
            {
                return name;
            }
        }
    }

    private static string Describe(Random random, string name, string brand, LeafContent content, Dictionary<string, string> attributes, string use)
    {
        var pitches = Shuffle(random, content.Pitches).Take(2);
        var details = attributes
            .Where(a => a.Key is not "author")
            .Take(4)
            .Select(a => $"{a.Key.Replace('_', ' ')}: {a.Value}");
        var by = attributes.TryGetValue("author", out var author) ? $"by {author}, published by {brand}" : $"from {brand}";
        var uses = use.Length > 0 ? use + " " : "";
        return $"{name} {by.TrimEnd('.')}. {string.Join(" ", pitches)} {uses}Details: {string.Join("; ", details)}.";
    }

    private static decimal RoundPrice(decimal value)
    {
        // Retail price points: whole units minus a cent (x.99), at least 0.99.
        var whole = Math.Max(1m, Math.Round(value, 0, MidpointRounding.AwayFromZero));
        return whole - 0.01m;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private static T[] Shuffle<T>(Random random, IReadOnlyList<T> values)
    {
        var copy = values.ToArray();
        random.Shuffle(copy);
        return copy;
    }

    /// <summary>Lower-case ASCII words joined by hyphens ("Women's Clothing" → "womens-clothing").</summary>
    public static string Slugify(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingHyphen = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '’')
            {
                continue;
            }
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }
                builder.Append(char.ToLowerInvariant(c));
                pendingHyphen = false;
            }
            else
            {
                pendingHyphen = true;
            }
        }
        return builder.ToString();
    }
}
