using Microsoft.EntityFrameworkCore;

namespace Vargo.Inventory.Data;

public static class InventorySchema
{
    public static Task ApplyAsync(InventoryDbContext db, CancellationToken cancellationToken) =>
        db.Database.MigrateAsync(cancellationToken);
}
