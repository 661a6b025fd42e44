using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Vargo.Messaging.Contracts;
using Vargo.Iso;

namespace Vargo.Notification.Templates;

/// <summary>
/// The notification texts. Values from events are HTML-encoded in the HTML part; money is shown with its currency
/// code and invariant formatting, as the event carries it (never converted).
/// </summary>
public static class NotificationTemplates
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static RenderedMessage Welcome(UserRegistered user)
    {
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? "there" : user.DisplayName;
        return new RenderedMessage(
            "Welcome to Vargo",
            $"""
             Hi {name},

             your Vargo account ({user.Email}) is ready. Browse the catalog, save what you like, and check out in a few clicks.

             The Vargo team
             """,
            Page("Welcome to Vargo",
                $"<p>Hi {Html.Encode(name)},</p><p>your Vargo account (<b>{Html.Encode(user.Email)}</b>) is ready. " +
                "Browse the catalog, save what you like, and check out in a few clicks.</p><p>The Vargo team</p>"));
    }

    public static RenderedMessage OrderConfirmation(OrderPlaced order)
    {
        var number = OrderNumber(order.OrderId);
        var text = new StringBuilder()
            .AppendLine($"Thank you for your order {number}.")
            .AppendLine()
            .AppendLine("Items:");
        var rows = new StringBuilder();
        foreach (var line in order.Lines)
        {
            var lineTotal = Money(line.UnitPrice * line.Quantity, order.Currency);
            text.AppendLine($"  {line.Quantity} x {line.Name} ({line.Sku}) at {Money(line.UnitPrice, order.Currency)} = {lineTotal}");
            rows.Append($"<tr><td>{Html.Encode(line.Name)}<br><small>{Html.Encode(line.Sku)}</small></td>" +
                        $"<td style=\"text-align:right\">{line.Quantity}</td>" +
                        $"<td style=\"text-align:right\">{Html.Encode(Money(line.UnitPrice, order.Currency))}</td>" +
                        $"<td style=\"text-align:right\">{Html.Encode(lineTotal)}</td></tr>");
        }
        var total = Money(order.Total, order.Currency);
        text.AppendLine().AppendLine($"Total: {total}").AppendLine().AppendLine("We will let you know when it ships.");

        return new RenderedMessage(
            $"Your Vargo order {number} is confirmed",
            text.ToString(),
            Page($"Order {number} confirmed",
                $"<p>Thank you for your order <b>{number}</b>.</p>" +
                "<table style=\"border-collapse:collapse;width:100%\"><thead><tr><th style=\"text-align:left\">Item</th>" +
                "<th style=\"text-align:right\">Qty</th><th style=\"text-align:right\">Price</th><th style=\"text-align:right\">Amount</th></tr></thead>" +
                $"<tbody>{rows}</tbody><tfoot><tr><td colspan=\"3\"><b>Total</b></td><td style=\"text-align:right\"><b>{Html.Encode(total)}</b></td></tr></tfoot></table>" +
                "<p>We will let you know when it ships.</p>"));
    }

    public static RenderedMessage PaymentFailed(PaymentFailed payment)
    {
        var number = OrderNumber(payment.OrderId);
        var amount = Money(payment.Amount, payment.Currency);
        return new RenderedMessage(
            $"Payment for your Vargo order {number} did not go through",
            $"""
             We could not take the payment of {amount} for your order {number}: {payment.Reason}

             Nothing was charged. You can place the order again with another payment method.
             """,
            Page("Payment failed",
                $"<p>We could not take the payment of <b>{Html.Encode(amount)}</b> for your order <b>{number}</b>: " +
                $"{Html.Encode(payment.Reason)}</p><p>Nothing was charged. You can place the order again with another payment method.</p>"));
    }

    /// <summary>What this refund gave back and, after a partial refund, the total so far; in the payment's currency.</summary>
    public static RenderedMessage Refund(PaymentRefunded refund)
    {
        var number = OrderNumber(refund.OrderId);
        var amount = Money(refund.Amount, refund.Currency);
        var sofar = refund.FullyRefunded
            ? "Your payment is now refunded in full."
            : $"In all, {Money(refund.TotalRefunded, refund.Currency)} of your payment has been refunded.";
        return new RenderedMessage(
            $"A refund of {amount} for your Vargo order {number}",
            $"""
             We refunded {amount} for your order {number} to your payment method. {sofar}

             Depending on your bank it can take a few days to appear on your statement.
             """,
            Page($"Refund for order {number}",
                $"<p>We refunded <b>{Html.Encode(amount)}</b> for your order <b>{number}</b> to your payment method. {Html.Encode(sofar)}</p>" +
                "<p>Depending on your bank it can take a few days to appear on your statement.</p>"));
    }

    // Orders sends a reason code ("cancelled_by_customer"); the customer reads words.
    private static string ReadableReason(string reason) => reason switch
    {
        "cancelled_by_customer" => "at your request",
        _ when reason.Contains('_', StringComparison.Ordinal) && !reason.Contains(' ', StringComparison.Ordinal) => reason.Replace('_', ' '),
        _ => reason,
    };

    public static RenderedMessage OrderCancelled(OrderCancelled order)
    {
        var number = OrderNumber(order.OrderId);
        var items = string.Join(Environment.NewLine, order.Lines.Select(l => $"  {l.Quantity} x {l.Name} ({l.Sku})"));
        var htmlItems = string.Concat(order.Lines.Select(l => $"<li>{l.Quantity} × {Html.Encode(l.Name)} ({Html.Encode(l.Sku)})</li>"));
        return new RenderedMessage(
            $"Your Vargo order {number} was cancelled",
            $"""
             Your order {number} was cancelled: {ReadableReason(order.Reason)}

             Items:
             {items}

             If you were charged, the amount is refunded to your payment method.
             """,
            Page($"Order {number} cancelled",
                $"<p>Your order <b>{number}</b> was cancelled: {Html.Encode(ReadableReason(order.Reason))}</p><ul>{htmlItems}</ul>" +
                "<p>If you were charged, the amount is refunded to your payment method.</p>"));
    }

    /// <summary>
    /// The short order number customers see: the order id's last 8 hex digits, upper case (the storefront shows the same).
    /// Not the first block: order ids are UUIDv7, whose first 8 digits are the time, the same for every order placed in
    /// the same minute (the fault suite found every confirmation of a burst carrying one number). The last digits are random.
    /// </summary>
    public static string OrderNumber(Guid orderId) => orderId.ToString("N")[^8..].ToUpperInvariant();

    /// <summary>"1,234.50 USD", "1,500 JPY", "1.234 KWD": the currency's own decimals (ISO 4217), never rounded.</summary>
    public static string Money(decimal amount, string currency) => Currencies.Format(amount, currency);

    private static string Page(string title, string body) =>
        $"""
         <!DOCTYPE html>
         <html><head><meta charset="utf-8"><title>{Html.Encode(title)}</title></head>
         <body style="font-family:sans-serif;max-width:600px;margin:auto">{body}</body></html>
         """;
}
