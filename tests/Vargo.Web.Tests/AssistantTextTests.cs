using Vargo.Web.Components.Shared;

namespace Vargo.Web.Tests;

public sealed class AssistantTextTests
{
    [Fact]
    public void A_product_line_links_the_name_and_drops_the_sku_and_the_id()
    {
        var segments = AssistantText.Parse(
            "Here is what I found:\n- Simply Curry (Lantern House) — 20.99 USD — SKU BK-COK-0011, id ce724afb-c9b2-870b-acd0-831005af2735\n- Plain line");

        Assert.Equal(
            [
                new("Here is what I found:\n"),
                new("- "),
                new("Simply Curry (Lantern House)", Guid.Parse("ce724afb-c9b2-870b-acd0-831005af2735")),
                new(" — 20.99 USD\n"),
                new("- Plain line"),
            ],
            segments);
    }

    [Fact]
    public void Text_without_ids_is_kept_as_written() =>
        Assert.Equal([new("Here are two \n"), new("pairs:")], AssistantText.Parse("Here are two \npairs:"));
}
