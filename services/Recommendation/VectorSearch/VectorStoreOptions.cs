using System.ComponentModel.DataAnnotations;

namespace Vargo.Recommendation.VectorSearch;

/// <summary>Settings under <c>Recommendation</c>.</summary>
public sealed class VectorStoreOptions
{
    public const string Section = "Recommendation";

    /// <summary>auto (default: pgvector when the server offers the extension, else in-process), pgvector, or in-process.</summary>
    [Required, RegularExpression("(?i)^(auto|pgvector|in-process)$", ErrorMessage = "Recommendation:VectorStore is auto, pgvector or in-process.")]
    public string VectorStore { get; set; } = "auto";
}
