using Vargo.Catalog.Apis;
using Vargo.Catalog.Extensions;
using Vargo.Catalog.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapCatalogApi();
app.MapGrpcService<CatalogGrpcService>().AllowAnonymous();

app.Run();

public partial class Program;
