namespace Vargo.Catalog.Apis;

public static class CatalogApi
{
    public static RouteGroupBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/catalog").WithTags("Catalog");

        api.MapServiceInfo("catalog");

        return api;
    }
}
