using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Vargo.Recommendation.Assistant;

/// <summary>
/// The shopping assistant. With a chat model configured (see <see cref="ChatModelRegistration"/>), the model reads the
/// conversation and chooses among the <see cref="ShoppingPlugin"/> kernel functions; without one, <see cref="IntentResponder"/>
/// answers from the same functions.
/// </summary>
public sealed class ShoppingAssistant(IServiceProvider services, IntentResponder responder, IChatClient? chatClient = null)
{
    private const string Instructions = """
        You are Vargo's shopping assistant. Answer from the tools only: search the catalog, show product details and
        availability, list the shopper's recent orders, and add items to their cart when they ask. Quote prices with their
        currency. Never invent products, prices, orders or stock. Keep answers short.
        """;

    public bool HasLanguageModel => chatClient is not null;

    public async IAsyncEnumerable<string> ReplyAsync(
        string message, IReadOnlyList<ChatTurn> history, Shopper shopper, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var shop = ActivatorUtilities.CreateInstance<ShoppingPlugin>(services, shopper);
        if (chatClient is null)
        {
            await foreach (var chunk in responder.RespondAsync(message, shop, cancellationToken))
            {
                yield return chunk;
            }
            yield break;
        }

        var kernel = new Kernel(services);
        var plugin = kernel.Plugins.AddFromObject(shop, "shop");
        var options = new ChatOptions
        {
            Tools = [.. plugin.Select(function => function.WithKernel(kernel))],
            ToolMode = ChatToolMode.Auto,
        };

        List<ChatMessage> messages = [new(ChatRole.System, Instructions)];
        messages.AddRange(history.Select(turn => new ChatMessage(
            turn.Role.Equals("assistant", StringComparison.OrdinalIgnoreCase) ? ChatRole.Assistant : ChatRole.User, turn.Text)));
        messages.Add(new ChatMessage(ChatRole.User, message));

        using var client = new ChatClientBuilder(chatClient).UseFunctionInvocation().Build(services);
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            if (!string.IsNullOrEmpty(update.Text))
            {
                yield return update.Text;
            }
        }
    }
}
