namespace Vargo.Notification.Channels;

/// <summary>Configuration section <c>Notifications</c>.</summary>
public sealed class NotificationOptions
{
    public string From { get; set; } = "Vargo <no-reply@vargo.local>";

    /// <summary>
    /// Where email goes when no <c>Smtp:Host</c> is configured: one .eml file per email, readable by any mail client.
    /// Relative paths are under the content root. The AppHost points it into its data directory.
    /// </summary>
    public string PickupFolder { get; set; } = "mail-pickup";

    /// <summary>Attempts per delivery before it is marked failed (transient channel errors are retried with back-off).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Safety poll of the dispatcher; new notifications wake it at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A delivery claimed longer ago than this belongs to a process that stopped mid-send.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Configuration section <c>Smtp</c>: when <see cref="Host"/> is set, email goes through this server.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Auto: TLS on port 465, STARTTLS when offered otherwise.</summary>
    public MailKit.Security.SecureSocketOptions Security { get; set; } = MailKit.Security.SecureSocketOptions.Auto;
}
