using System.ComponentModel.DataAnnotations;

namespace Vargo.Recommendation.Assistant;

/// <summary>
/// Section "Assistant": Provider None (default) | OpenAI | AzureOpenAI, Model, Endpoint (OpenAI-compatible servers such
/// as Ollama: http://localhost:11434/v1), ApiKey (user secrets or Assistant__ApiKey; never in the repo).
/// </summary>
public sealed class AssistantOptions
{
    public const string Section = "Assistant";

    [Required, RegularExpression("(?i)^(none|openai|azureopenai)$", ErrorMessage = "Assistant:Provider is None, OpenAI or AzureOpenAI.")]
    public string Provider { get; set; } = "None";

    [Required(AllowEmptyStrings = false)]
    public string Model { get; set; } = "gpt-4o-mini";

    public Uri? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public bool Enabled => !Provider.Equals("none", StringComparison.OrdinalIgnoreCase);
}
