using System.ComponentModel.DataAnnotations;

namespace Vargo.Recommendation.Embeddings;

/// <summary>
/// Section "Embeddings". Provider MiniLM (default, in process) | OpenAI | AzureOpenAI. OpenAI with an Endpoint covers any
/// OpenAI-compatible server (Ollama: Endpoint http://localhost:11434/v1, Model nomic-embed-text, any ApiKey).
/// The ApiKey comes from user secrets or the environment (Embeddings__ApiKey), never from the repo.
/// </summary>
public sealed class EmbeddingOptions : IValidatableObject
{
    public const string Section = "Embeddings";

    [Required, RegularExpression("(?i)^(minilm|openai|azureopenai)$", ErrorMessage = "Embeddings:Provider is MiniLM, OpenAI or AzureOpenAI.")]
    public string Provider { get; set; } = "MiniLM";
    public string? Model { get; set; }
    public Uri? Endpoint { get; set; }
    public string? ApiKey { get; set; }

    /// <summary>Asked of providers that can shorten vectors (text-embedding-3-*); otherwise the model's own size.</summary>
    [Range(1, 16384)]
    public int? Dimensions { get; set; }

    /// <summary>Azure OpenAI has no default endpoint and no anonymous access: refused at start rather than on the first embedding.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider.Equals("azureopenai", StringComparison.OrdinalIgnoreCase) && (Endpoint is null || string.IsNullOrWhiteSpace(ApiKey)))
        {
            yield return new ValidationResult("Embeddings:Endpoint and Embeddings:ApiKey are required for AzureOpenAI.", [nameof(Endpoint), nameof(ApiKey)]);
        }
    }
}
