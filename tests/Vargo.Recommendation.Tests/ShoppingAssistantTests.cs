using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Vargo.Recommendation.Assistant;

namespace Vargo.Recommendation.Tests;

public sealed partial class ShoppingAssistantTests(RecommendationServiceFixture service) : IClassFixture<RecommendationServiceFixture>
{
    [Fact]
    public async Task Without_a_model_waterproof_hiking_boots_under_150_lists_catalog_boots_under_that_price()
    {
        using var client = service.CreateClient(Guid.NewGuid());

        var reply = await ChatAsync(client, "do you have waterproof hiking boots under 150");

        Assert.StartsWith(IntentResponder.Disclosure, reply, StringComparison.Ordinal);
        var lines = ProductLine().Matches(reply);
        Assert.NotEmpty(lines);
        foreach (Match line in lines)
        {
            // Each named product is a catalog boot under 150, shown with its catalog name and lowest price.
            var product = service.Catalog.Single(p => p.Id == Guid.Parse(line.Groups["id"].Value));
            var lowest = product.Variants.Count == 0 ? product.Price : Math.Min(product.Price, product.Variants.Min(v => v.Price));
            Assert.EndsWith("/boots", product.CategoryPath, StringComparison.Ordinal);
            Assert.Equal(product.Name, line.Groups["name"].Value);
            Assert.Equal(lowest, decimal.Parse(line.Groups["price"].Value, CultureInfo.InvariantCulture));
            Assert.True(lowest <= 150m, $"{product.Name} costs {lowest}");
        }
        Assert.Contains(lines, l => service.Catalog.Single(p => p.Id == Guid.Parse(l.Groups["id"].Value)).Name.Contains("Hiker", StringComparison.Ordinal)
            || service.Catalog.Single(p => p.Id == Guid.Parse(l.Groups["id"].Value)).Name.Contains("Waterproof", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_model_where_is_my_order_lists_the_users_orders_asked_with_their_token()
    {
        var user = Guid.NewGuid();
        var token = "Bearer " + service.Tokens.For(user);
        var (older, newer) = (Guid.NewGuid(), Guid.NewGuid());
        service.Orders.OrdersByAuthorization[token] =
        [
            new { id = older, status = "Shipped", total = 89.50m, currency = "USD", createdAt = "2026-11-01T10:00:00Z" },
            new { id = newer, status = "Placed", total = 120.00m, currency = "USD", createdAt = "2026-11-20T10:00:00Z" },
        ];
        // Someone else's orders must not show.
        var stranger = Guid.NewGuid();
        service.Orders.OrdersByAuthorization["Bearer " + service.Tokens.For(Guid.NewGuid())] =
            [new { id = stranger, status = "Placed", total = 5m, currency = "USD", createdAt = "2026-11-21T10:00:00Z" }];
        using var client = service.CreateClient();
        client.DefaultRequestHeaders.Authorization = System.Net.Http.Headers.AuthenticationHeaderValue.Parse(token);

        var reply = await ChatAsync(client, "Where is my order?");

        Assert.Contains($"- Order {newer}: Placed — 120.00 USD (placed 2026-11-20)", reply, StringComparison.Ordinal);
        Assert.Contains($"- Order {older}: Shipped — 89.50 USD (placed 2026-11-01)", reply, StringComparison.Ordinal);
        Assert.True(reply.IndexOf(newer.ToString(), StringComparison.Ordinal) < reply.IndexOf(older.ToString(), StringComparison.Ordinal), "newest first");
        Assert.DoesNotContain(stranger.ToString(), reply, StringComparison.Ordinal);
        var call = Assert.Single(service.Orders.RequestsWith(token));
        Assert.Equal((HttpMethod.Get, OrdersClient.OrdersPath), (call.Method, call.Path));
    }

    [Fact]
    public async Task A_models_add_to_cart_tool_call_reaches_the_Orders_API_with_the_users_token_and_the_reply_reflects_it()
    {
        var user = Guid.NewGuid();
        var token = service.Tokens.For(user);
        var boot = service.Catalog.First(p => p.CategoryPath.EndsWith("/boots", StringComparison.Ordinal));
        var sku = boot.SellableSkus.First();
        var model = new ScriptedChatClient(sku);
        await using var scope = service.Factory.Services.CreateAsyncScope();
        var assistant = ActivatorUtilities.CreateInstance<ShoppingAssistant>(scope.ServiceProvider, (IChatClient)model);

        var reply = new StringBuilder();
        await foreach (var chunk in assistant.ReplyAsync($"put two of {boot.Name} in my cart", [], new Shopper(user, token), CancellationToken.None))
        {
            reply.Append(chunk);
        }

        Assert.True(assistant.HasLanguageModel);
        var call = Assert.Single(service.Orders.RequestsWith("Bearer " + token));
        Assert.Equal((HttpMethod.Post, OrdersClient.CartItemsPath), (call.Method, call.Path));
        var body = JsonDocument.Parse(call.Body!).RootElement;
        Assert.Equal((sku, 2), (body.GetProperty("sku").GetString(), body.GetProperty("quantity").GetInt32()));
        // The model saw the tool's result (second turn) and its answer is what the shopper reads.
        Assert.Equal(2, model.Calls);
        Assert.Equal($"Done: Added 2 × {sku} to your cart.", reply.ToString());
    }

    [Fact]
    public async Task Chat_needs_a_signed_in_user_and_a_message()
    {
        using var anonymous = service.CreateClient();
        using var signedIn = service.CreateClient(Guid.NewGuid());

        var unauthorized = await anonymous.PostAsJsonAsync("/api/recommendations/chat", new { message = "hello" }, cancellationToken: TestContext.Current.CancellationToken);
        var empty = await signedIn.PostAsJsonAsync("/api/recommendations/chat", new { message = " " }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var problem = await empty.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty("message", out _));
    }

    private static async Task<string> ChatAsync(HttpClient client, string message)
    {
        using var response = await client.PostAsJsonAsync("/api/recommendations/chat", new { message });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reply = new StringBuilder();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
        {
            Assert.Equal("text", item.EventType);
            reply.Append(item.Data);
        }
        return reply.ToString();
    }

    // "- Name (Brand) — 129.00 USD — SKU X, id GUID", as IntentResponder writes a product.
    [GeneratedRegex(@"^- (?<name>.+?) \(.*?\) — (?<price>\d+\.\d{2}) [A-Z]{3} — SKU \S+, id (?<id>[0-9a-f-]{36})$", RegexOptions.Multiline)]
    private static partial Regex ProductLine();

    /// <summary>
    /// A chat model that follows a script: first it calls the add_to_cart tool for the SKU, then it answers with the
    /// tool's result message. Only inside this test.
    /// </summary>
    private sealed class ScriptedChatClient(string sku) : IChatClient
    {
        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            var result = messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().FirstOrDefault();
            if (result is null)
            {
                var tool = options!.Tools!.OfType<AIFunction>().Single(t => t.Name.EndsWith("add_to_cart", StringComparison.Ordinal));
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant,
                    [new FunctionCallContent("call-1", tool.Name, new Dictionary<string, object?> { ["sku"] = sku, ["quantity"] = 2 })])));
            }
            var message = JsonSerializer.SerializeToElement(result.Result).GetProperty("message").GetString();
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"Done: {message}")));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
