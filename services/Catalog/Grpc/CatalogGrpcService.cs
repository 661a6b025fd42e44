using Grpc.Core;
using Vargo.Catalog.Model;
using ModelStatus = Vargo.Catalog.Model.ProductStatus;
using Vargo.Catalog.Store;

namespace Vargo.Catalog.Grpc;

/// <summary>
/// Authoritative names and prices per SKU for Orders (protos/catalog.proto). Reads the store directly, not the
/// HTTP cache: a price used to charge a customer is never a cached one.
/// </summary>
public sealed class CatalogGrpcService(ICatalogStore store) : Catalog.CatalogBase
{
    public const int MaxKeys = 500;

    public override async Task<GetProductsReply> GetProducts(GetProductsRequest request, ServerCallContext context)
    {
        if (request.Skus.Count + request.ProductIds.Count > MaxKeys)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"At most {MaxKeys} skus and product_ids per call."));
        }
        var ids = new HashSet<Guid>();
        foreach (var value in request.ProductIds)
        {
            if (!Guid.TryParse(value, out var id))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"product_ids: '{Truncate(value)}' is not a GUID."));
            }
            ids.Add(id);
        }
        var skus = request.Skus.ToHashSet(StringComparer.Ordinal);

        var products = await store.GetProductsAsync(skus, ids, context.CancellationToken);
        var reply = new GetProductsReply();
        var bySku = products.SelectMany(p => p.AllSkus.Select(sku => (sku, p))).ToDictionary(x => x.sku, x => x.p, StringComparer.Ordinal);
        var answered = new HashSet<string>(StringComparer.Ordinal);

        foreach (var sku in request.Skus)
        {
            if (!answered.Add(sku))
            {
                continue;
            }
            if (bySku.TryGetValue(sku, out var product))
            {
                reply.Products.Add(ToEntry(product, sku));
            }
            else
            {
                reply.MissingSkus.Add(sku);
            }
        }
        foreach (var id in ids)
        {
            var product = products.FirstOrDefault(p => p.Id == id);
            if (product is null)
            {
                reply.MissingProductIds.Add(id.ToString("D"));
                continue;
            }
            foreach (var sku in product.AllSkus.Where(answered.Add))
            {
                reply.Products.Add(ToEntry(product, sku));
            }
        }
        return reply;
    }

    internal static CatalogProduct ToEntry(Product product, string sku)
    {
        var variant = product.Variants.FirstOrDefault(v => v.Sku == sku);
        var entry = new CatalogProduct
        {
            ProductId = product.Id.ToString("D"),
            Sku = sku,
            Name = variant is null ? product.Name : variant.Name ?? $"{product.Name} ({string.Join(", ", variant.Attributes.Values.Select(AttributeValues.ToInvariantString))})",
            UnitPrice = ToMoney(variant?.Price ?? product.Price, product.Currency),
            Status = product.Status switch
            {
                ModelStatus.Draft => Vargo.Catalog.Grpc.ProductStatus.Draft,
                ModelStatus.Active => Vargo.Catalog.Grpc.ProductStatus.Active,
                _ => Vargo.Catalog.Grpc.ProductStatus.Archived,
            },
            // A product with variants is sold by its variants' SKUs only.
            Purchasable = product.Status == ModelStatus.Active && (variant is not null || product.Variants.Count == 0),
            ProductSku = product.Sku,
            IsVariant = variant is not null,
            Slug = product.Slug,
            ImageUrl = product.Images.FirstOrDefault() ?? "",
            CategoryPath = product.CategoryPath,
        };
        foreach (var (name, value) in product.Attributes)
        {
            entry.Attributes[name] = AttributeValues.ToInvariantString(value);
        }
        foreach (var (name, value) in variant?.Attributes ?? new Dictionary<string, System.Text.Json.JsonElement>())
        {
            entry.Attributes[name] = AttributeValues.ToInvariantString(value);
        }
        return entry;
    }

    /// <summary>google.type.Money layout: units and nanos carry the same sign.</summary>
    public static Money ToMoney(decimal amount, string currency)
    {
        var units = decimal.Truncate(amount);
        return new Money
        {
            CurrencyCode = currency,
            Units = (long)units,
            Nanos = (int)decimal.Round((amount - units) * 1_000_000_000m),
        };
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
