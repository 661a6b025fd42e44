using System.Text.RegularExpressions;
using Vargo.Catalog.Apis;
using Vargo.Catalog.Caching;
using Vargo.Catalog.Model;
using Vargo.Catalog.Products;
using Vargo.Catalog.Store;

namespace Vargo.Catalog.Categories;

/// <summary>Category CRUD: slugs unique, paths kept materialized on renames and moves, no cycles.</summary>
public sealed partial class CategoryEditor(ICatalogStore store, CatalogReadCache cache, TimeProvider time)
{
    [GeneratedRegex("^[a-z][a-z0-9_]{0,49}$")]
    private static partial Regex AttributeNamePattern();

    public async Task<CategoryWriteResult> CreateAsync(CategoryInput input, CancellationToken cancellationToken)
    {
        var categories = await store.GetCategoriesAsync(cancellationToken);
        var (category, errors) = Build(Guid.CreateVersion7(time.GetUtcNow()), input, categories, self: null);
        if (category is null)
        {
            return new CategoryWriteResult(null, errors);
        }
        try
        {
            await store.AddCategoryAsync(category, cancellationToken);
        }
        catch (DuplicateKeyException duplicate)
        {
            return new CategoryWriteResult(null, new() { ["slug"] = [duplicate.Message] }, Conflict: "slug");
        }
        await cache.InvalidateAsync(cancellationToken);
        return new CategoryWriteResult(category, errors);
    }

    public async Task<CategoryWriteResult> UpdateAsync(Guid id, CategoryInput input, CancellationToken cancellationToken)
    {
        var categories = await store.GetCategoriesAsync(cancellationToken);
        var existing = categories.FirstOrDefault(c => c.Id == id);
        if (existing is null)
        {
            return new CategoryWriteResult(null, [], NotFound: true);
        }
        var (category, errors) = Build(id, input, categories, existing);
        if (category is null)
        {
            return new CategoryWriteResult(null, errors);
        }
        try
        {
            if (!await store.UpdateCategoryAsync(category, existing.Path, cancellationToken))
            {
                return new CategoryWriteResult(null, [], NotFound: true);
            }
        }
        catch (DuplicateKeyException duplicate)
        {
            return new CategoryWriteResult(null, new() { ["slug"] = [duplicate.Message] }, Conflict: "slug");
        }
        await cache.InvalidateAsync(cancellationToken);
        return new CategoryWriteResult(category, errors);
    }

    public async Task<CategoryDeletion> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await store.DeleteCategoryAsync(id, cancellationToken);
        if (outcome == CategoryDeletion.Deleted)
        {
            await cache.InvalidateAsync(cancellationToken);
        }
        return outcome;
    }

    private (Category?, Dictionary<string, string[]>) Build(Guid id, CategoryInput input, IReadOnlyList<Category> categories, Category? self)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var slug = input.Slug?.Trim() ?? "";
        if (!ProductValidator.SlugPattern().IsMatch(slug) || slug.Length > 100)
        {
            errors["slug"] = ["A slug is lower-case letters and digits separated by single hyphens (at most 100 characters)."];
        }
        else if (categories.Any(c => c.Slug == slug && c.Id != id))
        {
            errors["slug"] = [$"The slug '{slug}' is already in use."];
        }
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors["name"] = ["A name of 1 to 200 characters is required."];
        }
        Category? parent = null;
        if (input.ParentId is { } parentId)
        {
            parent = categories.FirstOrDefault(c => c.Id == parentId);
            if (parent is null)
            {
                errors["parentId"] = ["The parent category does not exist."];
            }
            else if (self is not null && self.IsSelfOrAncestorOf(parent.Path))
            {
                errors["parentId"] = ["A category cannot move under itself or one of its descendants."];
            }
        }
        var attributes = input.Attributes ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < attributes.Count; i++)
        {
            var definition = attributes[i];
            if (definition is null)
            {
                errors[$"attributes[{i}]"] = ["An attribute definition is required."];
                continue;
            }
            if (definition.Name is null || !AttributeNamePattern().IsMatch(definition.Name))
            {
                errors[$"attributes[{i}].name"] = ["An attribute name is lower-case letters, digits and '_', starting with a letter (at most 50)."];
            }
            else if (!names.Add(definition.Name))
            {
                errors[$"attributes[{i}].name"] = [$"'{definition.Name}' is declared twice."];
            }
            if (!Enum.IsDefined(definition.Type))
            {
                errors[$"attributes[{i}].type"] = ["The type is one of text, number, boolean, enum."];
            }
            if (definition.Type == AttributeType.Enum && definition.AllowedValues is not { Count: > 0 })
            {
                errors[$"attributes[{i}].allowedValues"] = ["An enum attribute lists its allowed values."];
            }
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var path = parent is null ? slug : $"{parent.Path}/{slug}";
        return (new Category
        {
            Id = id,
            ParentId = parent?.Id,
            Slug = slug,
            Name = name!,
            Path = path,
            Depth = parent is null ? 0 : parent.Depth + 1,
            Attributes = attributes,
            UpdatedAt = time.GetUtcNow(),
        }, errors);
    }
}

public sealed record CategoryWriteResult(Category? Category, Dictionary<string, string[]> Errors, string? Conflict = null, bool NotFound = false);
