namespace Vargo.Notification.Notifications;

public static class NotificationKinds
{
    public const string Welcome = "welcome";
    public const string OrderConfirmation = "order-confirmation";
    public const string PaymentFailed = "payment-failed";
    public const string Refund = "refund";
    public const string OrderCancelled = "order-cancelled";

    /// <summary>Every kind there is: the admin list's <c>kind</c> filter accepts these only.</summary>
    public static readonly IReadOnlyList<string> All = [Welcome, OrderConfirmation, PaymentFailed, Refund, OrderCancelled];
}
