using System.ClientModel;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Vargo.Recommendation.Assistant;

public static class ChatModelRegistration
{
    /// <summary>
    /// Settings: <see cref="AssistantOptions"/> (section "Assistant"). With Provider None no <see cref="IChatClient"/> is
    /// registered and the assistant answers without a language model.
    /// </summary>
    public static void AddShoppingAssistant(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AssistantOptions>().BindConfiguration(AssistantOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Whether a chat client exists at all is a registration-time choice, so it reads the same typed section here;
        // the client itself is built from the validated options.
        if ((builder.Configuration.GetSection(AssistantOptions.Section).Get<AssistantOptions>() ?? new AssistantOptions()).Enabled)
        {
            builder.Services.AddChatClient(sp => CreateChatClient(sp.GetRequiredService<IOptions<AssistantOptions>>().Value)).UseOpenTelemetry();
        }

        builder.Services.AddSingleton<IntentResponder>();
        builder.Services.AddScoped<ShoppingAssistant>();
        builder.Services.AddHttpClient<OrdersClient>(http => http.BaseAddress = new Uri("http://orders"));
        builder.Services.AddGrpcClient<Vargo.Inventory.Grpc.Inventory.InventoryClient>(grpc => grpc.Address = new Uri("http://_grpc.inventory"));
        builder.Services.AddScoped<AvailabilityClient>();
    }

    private static IChatClient CreateChatClient(AssistantOptions options) => options.Provider.ToLowerInvariant() switch
    {
        "openai" => new OpenAIClient(new ApiKeyCredential(options.ApiKey ?? "unused"), new OpenAIClientOptions { Endpoint = options.Endpoint })
            .GetChatClient(options.Model).AsIChatClient(),
        "azureopenai" => new AzureOpenAIClient(
                options.Endpoint ?? throw new InvalidOperationException("Assistant:Endpoint is required for AzureOpenAI."),
                new ApiKeyCredential(options.ApiKey ?? throw new InvalidOperationException("Assistant:ApiKey is required for AzureOpenAI.")))
            .GetChatClient(options.Model).AsIChatClient(),
        _ => throw new InvalidOperationException($"Unknown Assistant:Provider '{options.Provider}' (None, OpenAI, AzureOpenAI)."),
    };
}
