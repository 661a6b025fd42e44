namespace Vargo.Inventory.Apis;

public static class InventoryApi
{
    public static RouteGroupBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/inventory").WithTags("Inventory");

        api.MapServiceInfo("inventory");

        return api;
    }
}
