using System.ComponentModel.DataAnnotations;

namespace Microsoft.Extensions.Hosting;

/// <summary>Settings under <c>Identity</c>: where every service finds the Auth service that issues its tokens.</summary>
public sealed class IdentityProviderOptions
{
    public const string Section = "Identity";

    /// <summary>
    /// Auth's base address (http or https, absolute), also the issuer of every token. The AppHost sets it; unset, no
    /// token can be validated and every protected endpoint answers 401.
    /// </summary>
    [Url]
    public string? Url { get; set; }

    /// <summary>The <c>aud</c> every token must carry.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Audience { get; set; } = "vargo";
}
