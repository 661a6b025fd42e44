namespace Vargo.Recommendation.Apis;

public static class RecommendationApi
{
    public static RouteGroupBuilder MapRecommendationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/recommendations").WithTags("Recommendation");

        api.MapServiceInfo("recommendation");

        return api;
    }
}
