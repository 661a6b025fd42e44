using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Vargo.Catalog.Caching;
using Vargo.Catalog.Categories;
using Vargo.Catalog.Products;
using Vargo.Catalog.Store;

namespace Vargo.Catalog.Apis;

/// <summary>
/// Admin writes (role admin). Updates need <c>If-Match</c> with the product's ETag: a stale one gets 412,
/// none gets 428. Every product write publishes <c>ProductUpserted</c> through the outbox.
/// </summary>
public static class CatalogAdminApi
{
    public const int MaxImportLines = 5000;

    /// <summary>Import lines are read by hand, not by minimal-API binding: the same input rules apply to them.</summary>
    private static readonly JsonSerializerOptions ImportJson = WithInputRules(CatalogJson.Options);

    private static JsonSerializerOptions WithInputRules(JsonSerializerOptions options)
    {
        var copy = new JsonSerializerOptions(options);
        copy.Converters.Insert(0, new SafeStringConverter());
        copy.Converters.Insert(1, new SafeJsonElementConverter());
        return copy;
    }

    public static RouteGroupBuilder MapCatalogAdminApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").RequireAuthorization(AuthenticationExtensions.AdminPolicy).WithTags("Catalog admin");

        admin.MapGet("/products/{id:guid}", GetProduct).WithName("AdminGetProduct").WithSummary("A product in any status");
        admin.MapPost("/products", CreateProduct).WithName("CreateProduct").WithSummary("Creates a product");
        admin.MapPut("/products/{id:guid}", UpdateProduct).WithName("UpdateProduct").WithSummary("Replaces a product (If-Match required)");
        admin.MapPost("/products/{id:guid}/archive", ArchiveProduct).WithName("ArchiveProduct").WithSummary("Archives a product (If-Match optional)");
        admin.MapPost("/products/import", ImportProducts).WithName("ImportProducts").WithSummary("Creates or replaces products from JSON lines (matched by SKU)")
            .Accepts<string>("application/x-ndjson", "application/jsonl", "text/plain");

        admin.MapPost("/categories", CreateCategory).WithName("CreateCategory").WithSummary("Creates a category");
        admin.MapPut("/categories/{id:guid}", UpdateCategory).WithName("UpdateCategory").WithSummary("Renames, moves or redefines a category");
        admin.MapDelete("/categories/{id:guid}", DeleteCategory).WithName("DeleteCategory").WithSummary("Deletes an empty category");
        return admin;
    }

    public static async Task<Results<Ok<ProductResponse>, NotFound>> GetProduct(Guid id, HttpContext context, ICatalogStore store, CancellationToken cancellationToken)
    {
        var product = await store.GetProductAsync(id, cancellationToken);
        if (product is null)
        {
            return TypedResults.NotFound();
        }
        context.Response.Headers.ETag = HttpCaching.ProductETag(product.Version);
        return TypedResults.Ok(ProductResponse.From(product));
    }

    public static async Task<Results<Created<ProductResponse>, ValidationProblem, ProblemHttpResult>> CreateProduct(
        ProductInput input, HttpContext context, ProductEditor editor, CancellationToken cancellationToken)
    {
        var result = await editor.CreateAsync(input, cancellationToken);
        return result.Status switch
        {
            WriteStatus.Done => Created(context, result.Product!),
            WriteStatus.Invalid => TypedResults.ValidationProblem(result.Errors!),
            _ => ConflictProblem(result),
        };
    }

    public static async Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult, NotFound>> UpdateProduct(
        Guid id, ProductInput input, HttpContext context, ProductEditor editor, CancellationToken cancellationToken)
    {
        var expected = HttpCaching.IfMatchVersion(context.Request);
        if (expected is null)
        {
            return TypedResults.Problem(
                title: "If-Match required",
                detail: "Send the product's ETag (from GET) in If-Match, so a concurrent change is not overwritten.",
                statusCode: StatusCodes.Status428PreconditionRequired);
        }
        return ToResponse(context, await editor.UpdateAsync(id, input, expected, cancellationToken));
    }

    public static async Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult, NotFound>> ArchiveProduct(
        Guid id, HttpContext context, ProductEditor editor, CancellationToken cancellationToken) =>
        ToResponse(context, await editor.ArchiveAsync(id, HttpCaching.IfMatchVersion(context.Request), cancellationToken));

    public static async Task<Results<Ok<ImportResponse>, ValidationProblem>> ImportProducts(
        HttpRequest request, ProductEditor editor, CancellationToken cancellationToken)
    {
        int created = 0, updated = 0, lineNumber = 0;
        var errors = new List<ImportLineError>();
        using var reader = new StreamReader(request.Body);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (lineNumber > MaxImportLines)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"An import has at most {MaxImportLines} lines; split the file."] });
            }
            ProductInput? input;
            try
            {
                input = JsonSerializer.Deserialize<ProductInput>(line, ImportJson);
            }
            catch (JsonException ex)
            {
                errors.Add(new ImportLineError(lineNumber, StatusCodes.Status400BadRequest, new Dictionary<string, string[]> { ["line"] = [$"Not a JSON product object: {ex.Message}"] }));
                continue;
            }
            if (input is null)
            {
                errors.Add(new ImportLineError(lineNumber, StatusCodes.Status400BadRequest, new Dictionary<string, string[]> { ["line"] = ["A line is a JSON product object."] }));
                continue;
            }
            var (action, result) = await editor.ImportLineAsync(input, cancellationToken);
            switch (result.Status)
            {
                case WriteStatus.Done when action == "created":
                    created++;
                    break;
                case WriteStatus.Done:
                    updated++;
                    break;
                default:
                    errors.Add(new ImportLineError(lineNumber, StatusOf(result.Status), result.Errors ?? new Dictionary<string, string[]>()));
                    break;
            }
        }
        return TypedResults.Ok(new ImportResponse(created, updated, errors.Count, errors));
    }

    public static async Task<Results<Created<CategoryNode>, ValidationProblem, ProblemHttpResult>> CreateCategory(
        CategoryInput input, CategoryEditor editor, CancellationToken cancellationToken)
    {
        var result = await editor.CreateAsync(input, cancellationToken);
        return result switch
        {
            { Category: { } c } => TypedResults.Created($"/api/catalog/categories/{c.Id}", ToNode(c)),
            { Conflict: { } field } => TypedResults.Problem(title: "Conflict", detail: result.Errors![field][0], statusCode: StatusCodes.Status409Conflict, extensions: FieldExtension(result.Errors)),
            _ => TypedResults.ValidationProblem(result.Errors!),
        };
    }

    public static async Task<Results<Ok<CategoryNode>, ValidationProblem, ProblemHttpResult, NotFound>> UpdateCategory(
        Guid id, CategoryInput input, CategoryEditor editor, CancellationToken cancellationToken)
    {
        var result = await editor.UpdateAsync(id, input, cancellationToken);
        return result switch
        {
            { NotFound: true } => TypedResults.NotFound(),
            { Category: { } c } => TypedResults.Ok(ToNode(c)),
            { Conflict: { } field } => TypedResults.Problem(title: "Conflict", detail: result.Errors![field][0], statusCode: StatusCodes.Status409Conflict, extensions: FieldExtension(result.Errors)),
            _ => TypedResults.ValidationProblem(result.Errors!),
        };
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteCategory(Guid id, CategoryEditor editor, CancellationToken cancellationToken) =>
        await editor.DeleteAsync(id, cancellationToken) switch
        {
            CategoryDeletion.Deleted => TypedResults.NoContent(),
            CategoryDeletion.NotFound => TypedResults.NotFound(),
            CategoryDeletion.HasChildren => TypedResults.Problem(title: "Conflict", detail: "The category has sub-categories; delete or move them first.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Problem(title: "Conflict", detail: "Products belong to the category; move or delete them first.", statusCode: StatusCodes.Status409Conflict),
        };

    private static CategoryNode ToNode(Model.Category c) => new(c.Id, c.Slug, c.Name, c.Path, c.Depth, c.Attributes, []);

    private static Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult, NotFound> ToResponse(HttpContext context, WriteResult result)
    {
        switch (result.Status)
        {
            case WriteStatus.Done:
                context.Response.Headers.ETag = HttpCaching.ProductETag(result.Product!.Version);
                return TypedResults.Ok(ProductResponse.From(result.Product));
            case WriteStatus.NotFound:
                return TypedResults.NotFound();
            case WriteStatus.Invalid:
                return TypedResults.ValidationProblem(result.Errors!);
            case WriteStatus.PreconditionFailed:
                return TypedResults.Problem(
                    title: "Precondition failed",
                    detail: "The product changed since the ETag in If-Match was read; GET it again and retry.",
                    statusCode: StatusCodes.Status412PreconditionFailed);
            default:
                return ConflictProblem(result);
        }
    }

    private static Created<ProductResponse> Created(HttpContext context, Model.Product product)
    {
        context.Response.Headers.ETag = HttpCaching.ProductETag(product.Version);
        return TypedResults.Created($"/api/catalog/products/{product.Id}", ProductResponse.From(product));
    }

    private static ProblemHttpResult ConflictProblem(WriteResult result)
    {
        var errors = result.Errors!;
        return TypedResults.Problem(title: "Conflict", detail: errors.First().Value[0], statusCode: StatusCodes.Status409Conflict, extensions: FieldExtension(errors));
    }

    /// <summary>A 409 names the field too, in the same <c>errors</c> shape as a validation problem.</summary>
    private static Dictionary<string, object?> FieldExtension(IDictionary<string, string[]> errors) => new() { ["errors"] = errors };

    private static int StatusOf(WriteStatus status) => status switch
    {
        WriteStatus.Invalid => StatusCodes.Status400BadRequest,
        WriteStatus.Conflict => StatusCodes.Status409Conflict,
        WriteStatus.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status412PreconditionFailed,
    };
}
