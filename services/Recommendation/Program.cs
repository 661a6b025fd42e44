using Vargo.Recommendation.Apis;
using Vargo.Recommendation.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapRecommendationApi();

app.Run();
public partial class Program;
