using System.Text;
using Vargo.Messaging.Contracts;

namespace Vargo.Recommendation.Products;

/// <summary>The one text a product is embedded (and keyword-indexed) from: name, category path, brand, attributes, description.</summary>
public static class ProductText
{
    public static string Compose(ProductUpserted product)
    {
        var text = new StringBuilder(product.Name);
        text.Append(". Category: ").Append(product.CategoryPath.Replace('/', ' ').Replace('-', ' '));
        if (!string.IsNullOrWhiteSpace(product.Brand))
        {
            text.Append(". Brand: ").Append(product.Brand);
        }
        foreach (var (name, value) in product.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            text.Append(". ").Append(name).Append(": ").Append(value);
        }
        if (!string.IsNullOrWhiteSpace(product.Description))
        {
            text.Append(". ").Append(product.Description);
        }
        return text.ToString();
    }
}
