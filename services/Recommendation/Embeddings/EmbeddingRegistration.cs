using System.ClientModel;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Vargo.Recommendation.Embeddings;

public static class EmbeddingRegistration
{
    /// <summary>Registers the configured <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> and the <see cref="EmbeddingModel"/> it stamps on vectors.</summary>
    public static void AddProductEmbeddings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbeddingOptions>().BindConfiguration(EmbeddingOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddEmbeddingGenerator(sp =>
            CreateGenerator(sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value, sp.GetRequiredService<TimeProvider>())).UseOpenTelemetry();

        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            var generator = sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
            // A remote model's size is only known from a vector it made.
            var dimensions = options.Provider.Equals("MiniLM", StringComparison.OrdinalIgnoreCase)
                ? MiniLmEmbeddingGenerator.Dimensions
                : options.Dimensions ?? generator.GenerateVectorAsync("dimension probe").GetAwaiter().GetResult().Length;
            return EmbeddingModel.Of(generator, dimensions);
        });
    }

    private static IEmbeddingGenerator<string, Embedding<float>> CreateGenerator(EmbeddingOptions options, TimeProvider time) =>
        options.Provider.ToLowerInvariant() switch
        {
            "minilm" => new MiniLmEmbeddingGenerator(time),
            "openai" => new OpenAIClient(
                    new ApiKeyCredential(options.ApiKey ?? "unused"),
                    new OpenAIClientOptions { Endpoint = options.Endpoint })
                .GetEmbeddingClient(options.Model ?? "text-embedding-3-small")
                .AsIEmbeddingGenerator(options.Dimensions),
            "azureopenai" => new AzureOpenAIClient(
                    options.Endpoint ?? throw new InvalidOperationException("Embeddings:Endpoint is required for AzureOpenAI."),
                    new ApiKeyCredential(options.ApiKey ?? throw new InvalidOperationException("Embeddings:ApiKey is required for AzureOpenAI.")))
                .GetEmbeddingClient(options.Model ?? "text-embedding-3-small")
                .AsIEmbeddingGenerator(options.Dimensions),
            _ => throw new InvalidOperationException($"Unknown Embeddings:Provider '{options.Provider}' (MiniLM, OpenAI, AzureOpenAI)."),
        };
}
