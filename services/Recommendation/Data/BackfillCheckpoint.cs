namespace Vargo.Recommendation.Data;

/// <summary>
/// How far the catalog back-fill got: the catalog's keyset cursor of the next page to read, committed after each page,
/// so a restart continues there instead of starting over. <see cref="CompletedAt"/> set: the back-fill is done.
/// </summary>
public sealed class BackfillCheckpoint
{
    public const string CatalogSource = "catalog";

    public required string Source { get; set; }
    public string? Cursor { get; set; }
    public int Processed { get; set; }
    public int Embedded { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
