using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grpc.Net.Client;
using RabbitMQ.Client;
using Vargo.Catalog.Grpc;
using Vargo.DemoData;
using Vargo.Testing;

namespace Vargo.Catalog.Tests.Api;

public sealed partial class CatalogApiTests(CatalogApiFixture fixture) : IClassFixture<CatalogApiFixture>
{
    private static readonly DemoCatalog Demo = DemoCatalog.Create();

    private static object ValidProduct(string sku, object? attributes = null, object? variants = null, decimal price = 89.99m, string currency = "USD") => new
    {
        sku,
        name = $"Test Runner {sku}",
        brand = "Stridewell",
        categorySlug = "running-shoes",
        price,
        currency,
        attributes = attributes ?? new { colour = "Black", drop = 8, cushioning = "Max" },
        variants = variants ?? new[] { new { sku = $"{sku}-42", price, attributes = new { size = "42" } } },
    };

    private static string NewSku() => "T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    [Fact]
    public async Task Public_reads_need_no_token_and_the_demo_catalog_is_seeded()
    {
        using var client = fixture.CreateClient();

        var page = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products?limit=5", cancellationToken: TestContext.Current.CancellationToken);
        var tree = await client.GetFromJsonAsync<JsonElement>("/api/catalog/categories", cancellationToken: TestContext.Current.CancellationToken);
        var search = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products/search?q=running%20shoes&limit=5", cancellationToken: TestContext.Current.CancellationToken);
        var facets = await client.GetFromJsonAsync<JsonElement>("/api/catalog/products/facets?category=footwear", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(5, page.GetProperty("items").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(page.GetProperty("nextCursor").GetString()));
        // Other tests of this class add categories to the same catalog: every demo root is there, whatever else is.
        var roots = tree.EnumerateArray().Select(c => c.GetProperty("slug").GetString()).ToHashSet();
        Assert.Superset(Demo.Categories.Where(c => c.ParentId is null).Select(c => (string?)c.Slug).ToHashSet(), roots);
        Assert.Contains("Running Shoes", search.GetProperty("items")[0].GetProperty("product").GetProperty("name").GetString());
        Assert.True(facets.GetProperty("total").GetInt64() >= Demo.Products.Count(p => p.CategoryPath.StartsWith("footwear/", StringComparison.Ordinal)));
        Assert.True(facets.GetProperty("attributes").GetProperty("size").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Listing_by_category_pages_with_a_cursor_and_filters_by_attribute()
    {
        using var client = fixture.CreateClient();
        var expected = Demo.Products.Where(p => p.CategoryPath.EndsWith("/laptops", StringComparison.Ordinal)).Select(p => p.Sku).ToHashSet();

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = "/api/catalog/products?category=laptops&sort=price&limit=7" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await client.GetFromJsonAsync<JsonElement>(url, cancellationToken: TestContext.Current.CancellationToken);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(expected.Order(), seen.Order());
        var prices = (await client.GetFromJsonAsync<JsonElement>("/api/catalog/products?category=computers&attr.storage=2%20TB&limit=100", cancellationToken: TestContext.Current.CancellationToken))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()!).ToList();
        Assert.NotEmpty(prices);
        Assert.All(prices, sku =>
        {
            var product = Demo.Products.Single(p => p.Sku == sku);
            Assert.True(product.Attributes.GetValueOrDefault("storage") == "2 TB" || product.Variants.Any(v => v.Attributes["storage"] == "2 TB"), sku);
        });
    }

    [Fact]
    public async Task Admin_routes_answer_401_to_anonymous_and_403_to_a_customer()
    {
        using var anonymous = fixture.CreateClient();
        using var customer = fixture.CreateClient("customer");
        var product = ValidProduct(NewSku());

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/catalog/admin/products", product, cancellationToken: TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync("/api/catalog/admin/products", product, cancellationToken: TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/catalog/admin/categories", new { slug = "x", name = "X" }, cancellationToken: TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync("/api/catalog/admin/categories", new { slug = "x", name = "X" }, cancellationToken: TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsync("/api/catalog/admin/products/import", new StringContent("{}"), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync($"/api/catalog/admin/products/{Demo.Products[0].Id}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData("unknown-attribute", "attributes.flavour")]
    [InlineData("wrong-type", "attributes.drop")]
    [InlineData("not-allowed-value", "attributes.colour")]
    [InlineData("negative-price", "price")]
    [InlineData("bad-currency", "currency")]
    [InlineData("variant-attribute", "variants[0].attributes.size")]
    public async Task Invalid_products_get_400_naming_the_field(string problem, string field)
    {
        using var admin = fixture.CreateClient("admin");
        var sku = NewSku();
        var body = problem switch
        {
            "unknown-attribute" => ValidProduct(sku, attributes: new { flavour = "Mint" }),
            "wrong-type" => ValidProduct(sku, attributes: new { drop = "eight" }),
            "not-allowed-value" => ValidProduct(sku, attributes: new { colour = "Plaid" }),
            "negative-price" => ValidProduct(sku, price: -1m),
            "bad-currency" => ValidProduct(sku, currency: "usd"),
            _ => ValidProduct(sku, variants: new[] { new { sku = sku + "-X", price = 10m, attributes = new { size = "99" } } }),
        };

        var response = await admin.PostAsJsonAsync("/api/catalog/admin/products", body, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors name {string.Join(", ", errors.EnumerateObject().Select(e => e.Name))}");
    }

    [Fact]
    public async Task A_duplicate_sku_gets_409_naming_the_field()
    {
        using var admin = fixture.CreateClient("admin");
        var taken = Demo.Products.First(p => p.Variants.Count > 0);

        var sameSku = await admin.PostAsJsonAsync("/api/catalog/admin/products", ValidProduct(taken.Sku), cancellationToken: TestContext.Current.CancellationToken);
        var sameVariantSku = await admin.PostAsJsonAsync("/api/catalog/admin/products", ValidProduct(NewSku(), variants: new[] { new { sku = taken.Variants[0].Sku, price = 10m, attributes = new { size = "42" } } }), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, sameSku.StatusCode);
        Assert.True((await sameSku.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("errors").TryGetProperty("sku", out _));
        Assert.Equal(HttpStatusCode.Conflict, sameVariantSku.StatusCode);
        Assert.True((await sameVariantSku.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("errors").TryGetProperty("variants[0].sku", out _));
    }

    [Fact]
    public async Task Two_updates_with_the_same_etag_give_one_200_and_one_412()
    {
        using var admin = fixture.CreateClient("admin");
        var sku = NewSku();
        var created = await admin.PostAsJsonAsync("/api/catalog/admin/products", ValidProduct(sku), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var etag = created.Headers.ETag!;
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();

        Task<HttpResponseMessage> Update(string name)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/catalog/admin/products/{id}")
            {
                Content = JsonContent.Create(ValidProduct(sku) is var p ? Rename(p, name) : null),
            };
            request.Headers.IfMatch.Add(etag);
            return admin.SendAsync(request);
        }

        var responses = await Task.WhenAll(Update("First writer"), Update("Second writer"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], responses.Select(r => r.StatusCode).Order());
        var noIfMatch = await admin.PutAsJsonAsync($"/api/catalog/admin/products/{id}", ValidProduct(sku), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.PreconditionRequired, noIfMatch.StatusCode);
    }

    [Fact]
    public async Task Reads_carry_etags_answer_304_and_see_a_write_at_once()
    {
        using var admin = fixture.CreateClient("admin");
        using var anonymous = fixture.CreateClient();
        var sku = NewSku();
        var created = await admin.PostAsJsonAsync("/api/catalog/admin/products", ValidProduct(sku), cancellationToken: TestContext.Current.CancellationToken);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();

        var first = await anonymous.GetAsync($"/api/catalog/products/{id}", TestContext.Current.CancellationToken);
        var etag = first.Headers.ETag!;
        var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/catalog/products/{id}");
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await anonymous.SendAsync(conditional, TestContext.Current.CancellationToken);

        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/catalog/admin/products/{id}") { Content = JsonContent.Create(Rename(ValidProduct(sku), "Renamed runner")) };
        update.Headers.IfMatch.Add(etag);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(update, TestContext.Current.CancellationToken)).StatusCode);
        var after = await anonymous.GetAsync($"/api/catalog/products/{id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag);
        var renamed = await after.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("Renamed runner", renamed.GetProperty("name").GetString());
        var bySlug = await anonymous.GetFromJsonAsync<JsonElement>($"/api/catalog/products/by-slug/{renamed.GetProperty("slug").GetString()}", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(id, bySlug.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Bulk_import_creates_then_updates_by_sku_and_reports_bad_lines()
    {
        using var admin = fixture.CreateClient("admin");
        var (a, b) = (NewSku(), NewSku());
        var lines = string.Join('\n',
            JsonSerializer.Serialize(ValidProduct(a)),
            JsonSerializer.Serialize(ValidProduct(b)),
            "{ not json",
            JsonSerializer.Serialize(ValidProduct(NewSku(), price: -5m)));

        var first = await (await admin.PostAsync("/api/catalog/admin/products/import", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken);
        var second = await (await admin.PostAsync("/api/catalog/admin/products/import", new StringContent(JsonSerializer.Serialize(ValidProduct(a)), Encoding.UTF8, "application/x-ndjson"), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, first.GetProperty("created").GetInt32());
        Assert.Equal(2, first.GetProperty("failed").GetInt32());
        Assert.Equal([3, 4], first.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()));
        Assert.Equal(1, second.GetProperty("updated").GetInt32());
    }

    [Fact]
    public async Task Grpc_GetProducts_returns_authoritative_prices_per_sku()
    {
        var withVariants = Demo.Products.First(p => p.Variants.Count > 1);
        var plain = Demo.Products.First(p => p.Variants.Count == 0);
        using var channel = GrpcChannel.ForAddress(fixture.Factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = fixture.Factory.Server.CreateHandler() });
        var client = new Vargo.Catalog.Grpc.Catalog.CatalogClient(channel);

        var reply = await client.GetProductsAsync(new GetProductsRequest
        {
            Skus = { withVariants.Variants[1].Sku, plain.Sku, withVariants.Sku, "NO-SUCH-SKU" },
        }, cancellationToken: TestContext.Current.CancellationToken);

        var variant = reply.Products.Single(p => p.Sku == withVariants.Variants[1].Sku);
        Assert.Equal(withVariants.Variants[1].Price, variant.UnitPrice.Units + variant.UnitPrice.Nanos / 1_000_000_000m);
        Assert.Equal("USD", variant.UnitPrice.CurrencyCode);
        Assert.True(variant.Purchasable);
        Assert.True(variant.IsVariant);
        Assert.Equal(withVariants.Id.ToString("D"), variant.ProductId);
        Assert.True(reply.Products.Single(p => p.Sku == plain.Sku).Purchasable);
        Assert.False(reply.Products.Single(p => p.Sku == withVariants.Sku).Purchasable);
        Assert.Equal(["NO-SUCH-SKU"], reply.MissingSkus);
    }

    [Fact]
    public async Task Creating_a_product_publishes_ProductUpserted_through_the_outbox()
    {
        var factory = new ConnectionFactory { Uri = new Uri(fixture.MessagingConnectionString) };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        await channel.ExchangeDeclareAsync(fixture.Exchange, ExchangeType.Topic, durable: true, cancellationToken: TestContext.Current.CancellationToken);
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: TestContext.Current.CancellationToken);
        await channel.QueueBindAsync(queue.QueueName, fixture.Exchange, "ProductUpserted", cancellationToken: TestContext.Current.CancellationToken);

        using var admin = fixture.CreateClient("admin");
        var sku = NewSku();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/catalog/admin/products", ValidProduct(sku), cancellationToken: TestContext.Current.CancellationToken)).StatusCode);

        var found = await Eventually.ValueAsync(async () =>
        {
            // Everything queued so far (the seed's events may still be on their way), then wait for more.
            while (await channel.BasicGetAsync(queue.QueueName, autoAck: true, TestContext.Current.CancellationToken) is { } message)
            {
                var body = Encoding.UTF8.GetString(message.Body.Span);
                if (body.Contains(sku, StringComparison.Ordinal))
                {
                    return body;
                }
            }
            return null;
        }, "the relay published the product's ProductUpserted", TimeSpan.FromSeconds(30));
        Assert.Equal("89.99", JsonDocument.Parse(found).RootElement.GetProperty("price").GetRawText());
    }

    [Fact]
    public async Task Placeholder_images_are_svg_with_the_initials()
    {
        using var client = fixture.CreateClient();

        var response = await client.GetAsync("/api/catalog/images/stridewell-glide-road-running-shoes.svg", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(">SG<", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/catalog/images/..%2Fsecret.svg", TestContext.Current.CancellationToken)).StatusCode);
    }

    private static object Rename(object product, string name)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(product))!;
        node["name"] = name;
        return node;
    }
}
