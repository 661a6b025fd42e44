using Vargo.Auth.Apis;
using Vargo.Auth.Extensions;
using Vargo.Auth.ExternalLogins;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseForwardedHeaders();
app.UseRateLimiter();

app.MapWellKnownEndpoints();
app.MapAuthApi().MapExternalLoginApi();

app.Run();
