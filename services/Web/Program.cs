using Vargo.Web.Apis;
using Vargo.Web.Components;
using Vargo.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapStaticAssets();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapShopActions();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
