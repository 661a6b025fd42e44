namespace Vargo.Payment.Apis;

public static class PaymentApi
{
    public static RouteGroupBuilder MapPaymentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/payments").WithTags("Payment");

        api.MapServiceInfo("payment");

        return api;
    }
}
