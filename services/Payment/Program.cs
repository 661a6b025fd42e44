using Vargo.Payment.Apis;
using Vargo.Payment.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapPaymentApi();

app.Run();
