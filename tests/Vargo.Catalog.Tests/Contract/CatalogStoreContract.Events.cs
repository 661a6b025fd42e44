using Vargo.Catalog.Store;
using Vargo.Messaging.Contracts;
using static Vargo.Catalog.Tests.Contract.CatalogTestData;

namespace Vargo.Catalog.Tests.Contract;

/// <summary>
/// The outbox half of the contract: a product write and its <see cref="ProductUpserted"/> are stored together or not at
/// all, so the relay (Vargo.Messaging, the same for both stores) publishes exactly the changes that happened.
/// </summary>
public abstract partial class CatalogStoreContract
{
    /// <summary>The events the store holds for the relay, not yet published, in the order it will publish them.</summary>
    protected abstract Task<IReadOnlyList<ProductUpserted>> PendingEventsAsync();

    [Fact]
    public async Task Adding_products_stores_one_event_per_product_with_it()
    {
        var store = await CreateStoreAsync();
        var shoes = Category("shoes", null);
        await store.AddCategoryAsync(shoes, None);
        var first = Product("EV-1", shoes, 10m);
        var second = Product("EV-2", shoes, 20m);

        await store.AddAsync(first, second);

        // One event per product, carrying what was stored; across products of one batch the order is the store's.
        var pending = await PendingEventsAsync();
        Assert.Equal(2, pending.Count);
        Assert.Equal(10m, pending.Single(e => e.ProductId == first.Id).Price);
        Assert.Equal(20m, pending.Single(e => e.ProductId == second.Id).Price);
    }

    [Fact]
    public async Task An_update_stores_its_event_and_a_refused_update_stores_none()
    {
        var store = await CreateStoreAsync();
        var shoes = Category("shoes", null);
        await store.AddCategoryAsync(shoes, None);
        var product = Product("EV-3", shoes, 10m);
        await store.AddAsync(product);

        var renamed = product with { Name = "Renamed", Version = 2 };
        Assert.Equal(UpdateOutcome.Updated, await store.UpdateProductAsync(renamed, 1, Event(renamed), None));
        Assert.Equal(UpdateOutcome.VersionMismatch, await store.UpdateProductAsync(renamed with { Name = "Stale" }, 1, Event(renamed with { Name = "Stale" }), None));
        Assert.Equal(UpdateOutcome.NotFound, await store.UpdateProductAsync(renamed with { Id = Guid.NewGuid() }, 1, Event(renamed), None));

        // The creation's event is still pending beside the update's, in write order: an update never drops an unpublished event.
        var pending = await PendingEventsAsync();
        Assert.Equal([product.Name, "Renamed"], pending.Select(e => e.Name));
    }

    [Fact]
    public async Task A_write_refused_for_a_taken_sku_stores_no_event()
    {
        var store = await CreateStoreAsync();
        var shoes = Category("shoes", null);
        await store.AddCategoryAsync(shoes, None);
        var original = Product("EV-4", shoes, 10m);
        var other = Product("EV-5", shoes, 10m);
        await store.AddAsync(original, other);

        await Assert.ThrowsAsync<DuplicateKeyException>(() => store.AddAsync(Product("EV-4", shoes, 99m) with { Slug = "ev-4-copy" }));
        await Assert.ThrowsAsync<DuplicateKeyException>(() =>
            store.UpdateProductAsync(other with { Sku = "EV-4", Version = 2 }, 1, Event(other with { Sku = "EV-4", Version = 2 }), None));

        var pending = await PendingEventsAsync();
        Assert.Equal(new[] { original.Id, other.Id }.Order(), pending.Select(e => e.ProductId).Order());
        Assert.DoesNotContain(pending, e => e.Price == 99m || (e.ProductId == other.Id && e.Sku == "EV-4"));
    }
}
