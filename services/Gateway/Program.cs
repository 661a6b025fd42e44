using Microsoft.AspNetCore.Http.HttpResults;
using Vargo.Gateway.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApiReference();

// Routes and clusters live in appsettings.json ("ReverseProxy"; the OpenAPI documents' routes, development only, in
// appsettings.Development.json); destinations are service-discovery names (http://catalog), resolved to the
// addresses the AppHost hands out.
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver()
    .AddUnavailableServiceHandling();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapReverseProxyWithUnavailableProblems();
// An /api path that no service owns is the API's 404, as problem details, not the storefront's page (every
// service's own /api/{service}/... route is more specific and wins). The services' internal /ops commands (the
// dashboard's) are never forwarded, to the storefront or anywhere else.
app.Map("/api/{**rest}", NotFound).AllowAnonymous();
app.Map("/ops/{**rest}", NotFound).AllowAnonymous();

app.Run();

static ProblemHttpResult NotFound() =>
    VargoProblems.Refuse(StatusCodes.Status404NotFound, VargoProblems.NotFound, "Not found", "No API answers this path.");
