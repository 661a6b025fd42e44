namespace Vargo.Catalog.Seeding;

/// <summary>Settings under <c>Catalog</c>.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>Load the demo catalog into an empty store at start-up (default on; tests that want an empty catalog turn it off).</summary>
    public bool SeedDemoData { get; set; } = true;
}
