using Vargo.Messaging.Contracts;
using Vargo.Notification.Templates;

namespace Vargo.Notification.Tests;

public sealed class TemplateTests
{
    [Fact]
    public void Orders_placed_in_the_same_millisecond_get_different_numbers()
    {
        // Order ids are UUIDv7: the time leads, so a number from the id's first digits was the same for a whole minute.
        var now = DateTimeOffset.UtcNow;
        var numbers = Enumerable.Range(0, 100).Select(_ => NotificationTemplates.OrderNumber(Guid.CreateVersion7(now))).ToList();

        Assert.Equal(100, numbers.Distinct().Count());
        Assert.All(numbers, n => Assert.Matches("^[0-9A-F]{8}$", n));
    }

    [Fact]
    public void Welcome_encodes_the_display_name_in_html_and_keeps_it_in_text()
    {
        var message = NotificationTemplates.Welcome(new UserRegistered(Guid.NewGuid(), "x@example.test", "<img src=x onerror=alert(1)>"));

        Assert.Contains("<img src=x onerror=alert(1)>", message.Text);
        Assert.DoesNotContain("<img", message.Html);
        Assert.Contains("&lt;img", message.Html);
    }

    [Fact]
    public void Money_uses_the_events_currency_and_invariant_digits()
    {
        Assert.Equal("1,234.50 EUR", NotificationTemplates.Money(1234.5m, "EUR"));
        Assert.Equal("0.99 JPY", NotificationTemplates.Money(0.99m, "JPY"));
    }

    [Fact]
    public void A_cancellation_says_the_reason_in_words_not_the_code()
    {
        var message = NotificationTemplates.OrderCancelled(new OrderCancelled(Guid.NewGuid(), Guid.NewGuid(), "x@example.test",
            "cancelled_by_customer", [new OrderLine(Guid.NewGuid(), "SKU-1", "Lamp", 1, 9.99m)]));

        Assert.Contains("was cancelled: at your request", message.Text);
        Assert.DoesNotContain("cancelled_by_customer", message.Text);
        Assert.DoesNotContain("cancelled_by_customer", message.Html);
    }
}
