namespace Vargo.Auth.Accounts;

/// <summary>Which messages the customer wants. Transactional email (order confirmations) is on by default.</summary>
public sealed class NotificationPreferences
{
    public bool OrderUpdatesByEmail { get; set; } = true;
    public bool OrderUpdatesBySms { get; set; }
    public bool Promotions { get; set; }
}
