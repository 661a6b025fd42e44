using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Vargo.Testing.Storefront;

namespace Vargo.LoadTest;

/// <summary>One kind of shopper action, with its weight in the mix.</summary>
internal sealed record Operation(string Name, int Weight, string Requests);

/// <summary>
/// The shopper mix, modelled on the public Online Boutique load profile (its locustfile's task weights): home 1,
/// browse a category 10, add to cart 2, view cart 3, checkout 1. Anonymous actions (home, browse) need no customer;
/// cart actions and checkout take an idle registered customer from a pool (a customer never has two actions in
/// flight, as a person would not), so a checkout is never racing an add to the same cart. Waiting for an idle customer
/// counts in the latency, which is measured from the action's scheduled time.
/// </summary>
internal sealed class ShopperMix
{
    public static readonly Operation Home = new("home", 1, "GET /api/catalog/categories + GET /api/catalog/products?limit=12");
    public static readonly Operation Browse = new("browse a category", 10, "GET /api/catalog/products?category={slug}&limit=24");
    public static readonly Operation AddToCart = new("add to cart", 2, "POST /api/orders/cart/items (1 unit of a stocked product)");
    public static readonly Operation ViewCart = new("view cart", 3, "GET /api/orders/cart");
    public static readonly Operation Checkout = new("checkout", 1, "POST /api/orders/checkout (card 4242…, fresh Idempotency-Key); an empty cart gets 1 unit first");

    public static readonly IReadOnlyList<Operation> Operations = [Home, Browse, AddToCart, ViewCart, Checkout];

    private static readonly int TotalWeight = Operations.Sum(o => o.Weight);

    private readonly StorefrontClient _storefront;
    private readonly string[] _categories;
    private readonly string[] _skus;
    private readonly Customer[] _customers;
    private readonly Channel<Customer> _idle = Channel.CreateUnbounded<Customer>();
    private ConcurrentDictionary<string, int> _failures = new();

    public ShopperMix(StorefrontClient storefront, string[] categories, string[] skus, string[] customerTokens)
    {
        _storefront = storefront;
        _categories = categories;
        _skus = skus;
        _customers = customerTokens.Select(t => new Customer(t)).ToArray();
        foreach (var customer in _customers)
        {
            _idle.Writer.TryWrite(customer);
        }
    }

    /// <summary>The slugs of every category in the catalog's tree (the demo catalog's, seeded at its first start).</summary>
    public static async Task<string[]> CategorySlugsAsync(HttpClient gateway, CancellationToken cancellationToken)
    {
        var tree = await gateway.GetFromJsonAsync<JsonNode>("/api/catalog/categories", cancellationToken);
        var slugs = new List<string>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["slug"] is JsonValue slug)
                    {
                        slugs.Add(slug.GetValue<string>());
                    }
                    foreach (var (_, child) in obj)
                    {
                        Walk(child);
                    }
                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Walk(item);
                    }
                    break;
            }
        }
        Walk(tree);
        return [.. slugs.Distinct()];
    }

    /// <summary>Picks an operation by weight.</summary>
    public static Operation Pick(Random random)
    {
        var ticket = random.Next(TotalWeight);
        foreach (var operation in Operations)
        {
            if ((ticket -= operation.Weight) < 0)
            {
                return operation;
            }
        }
        throw new InvalidOperationException("unreachable: the weights cover every ticket");
    }

    /// <summary>The failed requests since the last call, as "METHOD path-kind → status" with counts (for the report).</summary>
    public IReadOnlyDictionary<string, int> TakeFailures() => Interlocked.Exchange(ref _failures, new());

    /// <summary>Runs <paramref name="operation"/>; true when every request it made succeeded (2xx).</summary>
    public async Task<bool> RunAsync(Operation operation, Random random, CancellationToken cancellationToken)
    {
        if (operation == Home)
        {
            return await OkAsync(_storefront.Gateway.GetAsync("/api/catalog/categories", cancellationToken))
                && await OkAsync(_storefront.Gateway.GetAsync("/api/catalog/products?limit=12", cancellationToken));
        }
        if (operation == Browse)
        {
            var slug = _categories[random.Next(_categories.Length)];
            return await OkAsync(_storefront.Gateway.GetAsync($"/api/catalog/products?category={slug}&limit=24", cancellationToken));
        }

        var customer = await _idle.Reader.ReadAsync(cancellationToken);
        try
        {
            if (operation == ViewCart)
            {
                return await OkAsync(_storefront.GetCartAsync(customer.Token, cancellationToken));
            }
            if (operation == AddToCart || customer.UnitsInCart == 0)
            {
                var added = await OkAsync(_storefront.SendAsync(HttpMethod.Post, "/api/orders/cart/items", customer.Token,
                    new { sku = _skus[random.Next(_skus.Length)], quantity = 1 }, cancellationToken));
                customer.UnitsInCart += added ? 1 : 0;
                if (operation == AddToCart || !added)
                {
                    return added;
                }
            }
            var placed = await OkAsync(_storefront.CheckoutAsync(customer.Token, Guid.NewGuid().ToString(), cancellationToken: cancellationToken));
            customer.UnitsInCart = placed ? 0 : customer.UnitsInCart;
            return placed;
        }
        finally
        {
            _idle.Writer.TryWrite(customer);
        }
    }

    private async Task<bool> OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        await response.Content.LoadIntoBufferAsync();
        if (!response.IsSuccessStatusCode)
        {
            var path = response.RequestMessage?.RequestUri?.AbsolutePath ?? "?";
            _failures.AddOrUpdate($"{response.RequestMessage?.Method} {path} → {(int)response.StatusCode}", 1, (_, n) => n + 1);
        }
        return response.IsSuccessStatusCode;
    }

    private sealed class Customer(string token)
    {
        public string Token { get; } = token;

        public int UnitsInCart { get; set; }
    }
}
