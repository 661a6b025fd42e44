using System.ClientModel;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Vargo.Recommendation.Assistant;

public static class ChatModelRegistration
{
    /// <summary>
    /// Section "Assistant": Provider None (default) | OpenAI | AzureOpenAI, Model, Endpoint (OpenAI-compatible servers such
    /// as Ollama: http://localhost:11434/v1), ApiKey (user secrets or Assistant__ApiKey; never in the repo).
    /// With Provider None no <see cref="IChatClient"/> is registered and the assistant answers without a language model.
    /// </summary>
    public static void AddShoppingAssistant(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Assistant");
        var provider = section["Provider"] ?? "None";
        var model = section["Model"] ?? "gpt-4o-mini";
        var endpoint = section["Endpoint"] is { Length: > 0 } url ? new Uri(url) : null;
        var apiKey = section["ApiKey"];

        IChatClient? chatClient = provider.ToLowerInvariant() switch
        {
            "none" => null,
            "openai" => new OpenAIClient(new ApiKeyCredential(apiKey ?? "unused"), new OpenAIClientOptions { Endpoint = endpoint })
                .GetChatClient(model).AsIChatClient(),
            "azureopenai" => new AzureOpenAIClient(
                    endpoint ?? throw new InvalidOperationException("Assistant:Endpoint is required for AzureOpenAI."),
                    new ApiKeyCredential(apiKey ?? throw new InvalidOperationException("Assistant:ApiKey is required for AzureOpenAI.")))
                .GetChatClient(model).AsIChatClient(),
            _ => throw new InvalidOperationException($"Unknown Assistant:Provider '{provider}' (None, OpenAI, AzureOpenAI)."),
        };
        if (chatClient is not null)
        {
            builder.Services.AddChatClient(chatClient).UseOpenTelemetry();
        }

        builder.Services.AddSingleton<IntentResponder>();
        builder.Services.AddScoped<ShoppingAssistant>();
        builder.Services.AddHttpClient<OrdersClient>(http => http.BaseAddress = new Uri("http://orders"));
        builder.Services.AddGrpcClient<Vargo.Inventory.Grpc.Inventory.InventoryClient>(grpc => grpc.Address = new Uri("http://_grpc.inventory"));
        builder.Services.AddScoped<AvailabilityClient>();
    }
}
