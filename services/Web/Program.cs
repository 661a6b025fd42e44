using Vargo.Web.Apis;
using Vargo.Web.Components;
using Vargo.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
// A page, not the API's problem JSON, for a path that is no page (404) or a refused form post (400).
app.UseStatusCodePagesWithReExecute("/status/{0}");
app.MapStaticAssets();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapShopActions();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
