using System.ComponentModel.DataAnnotations;

namespace Vargo.Recommendation.Assistant;

/// <summary>
/// Section "Assistant": Provider None (default) | OpenAI | AzureOpenAI, Model, Endpoint (OpenAI-compatible servers such
/// as Ollama: http://localhost:11434/v1), ApiKey (user secrets or Assistant__ApiKey; never in the repo).
/// </summary>
public sealed class AssistantOptions : IValidatableObject
{
    public const string Section = "Assistant";

    [Required, RegularExpression("(?i)^(none|openai|azureopenai)$", ErrorMessage = "Assistant:Provider is None, OpenAI or AzureOpenAI.")]
    public string Provider { get; set; } = "None";

    [Required(AllowEmptyStrings = false)]
    public string Model { get; set; } = "gpt-4o-mini";

    public Uri? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public bool Enabled => !Provider.Equals("none", StringComparison.OrdinalIgnoreCase);

    /// <summary>Azure OpenAI has no default endpoint and no anonymous access: refused at start rather than on the first chat.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider.Equals("azureopenai", StringComparison.OrdinalIgnoreCase) && (Endpoint is null || string.IsNullOrWhiteSpace(ApiKey)))
        {
            yield return new ValidationResult("Assistant:Endpoint and Assistant:ApiKey are required for AzureOpenAI.", [nameof(Endpoint), nameof(ApiKey)]);
        }
    }
}
