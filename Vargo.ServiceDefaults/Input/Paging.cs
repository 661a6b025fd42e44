using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The <c>?page=&amp;pageSize=</c> query of every offset-paged list, bound with <c>[AsParameters]</c>: page is 1-based
/// (default 1), pageSize defaults and is clamped per endpoint by <see cref="Resolve"/>. Values below 1 are 400;
/// values that are not 32-bit whole numbers are 400 (binding).
/// </summary>
public sealed record PageRequest
{
    /// <summary>1-based page number; default 1.</summary>
    [FromQuery(Name = "page")]
    [Range(1, int.MaxValue)]
    [Description("1-based page number (default 1).")]
    public int? Page { get; init; }

    /// <summary>Items per page; default and maximum depend on the endpoint (larger values are clamped).</summary>
    [FromQuery(Name = "pageSize")]
    [Range(1, int.MaxValue)]
    [Description("Items per page; larger values are clamped to the endpoint's maximum.")]
    public int? PageSize { get; init; }

    /// <summary>The page to read: size defaulted and clamped to <paramref name="maxSize"/>.</summary>
    public Paging Resolve(int defaultSize, int maxSize) =>
        new(Math.Max(Page ?? 1, 1), Math.Clamp(PageSize ?? defaultSize, 1, maxSize));
}

/// <summary>A resolved page: <see cref="Offset"/> is computed in 64 bits and saturates, so a huge page number
/// reads an empty page instead of overflowing.</summary>
public readonly record struct Paging(int Page, int PageSize)
{
    /// <summary>Items to skip; at most <see cref="int.MaxValue"/> (beyond it any page is empty anyway).</summary>
    public int Offset => (int)Math.Min(((long)Page - 1) * PageSize, int.MaxValue);
}
