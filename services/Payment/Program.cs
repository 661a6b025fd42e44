using Vargo.Payment.Apis;
using Vargo.Payment.Extensions;
using Vargo.Payment.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapPaymentApi();
// Internal only: served on the HTTP/2 `grpc` endpoint that the gateway never routes to, called by Orders
// without a user token (the recovery worker has none), hence anonymous.
app.MapGrpcService<PaymentsGrpcService>().AllowAnonymous();

app.Run();

public partial class Program;
