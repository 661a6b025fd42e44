using Vargo.Inventory.Apis;
using Vargo.Inventory.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapInventoryApi();

app.Run();
