var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

// Routes and clusters live in appsettings.json ("ReverseProxy"); destinations are service-discovery
// names (http://catalog), resolved to the addresses the AppHost hands out.
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapReverseProxy();
// An /api path that no service owns is the API's 404, as problem details, not the storefront's page (every
// service's own /api/{service}/... route is more specific and wins).
app.Map("/api/{**rest}", () => VargoProblems.Refuse(StatusCodes.Status404NotFound, VargoProblems.NotFound, "Not found", "No API answers this path."))
    .AllowAnonymous();

app.Run();
