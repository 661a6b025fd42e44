using System.ComponentModel.DataAnnotations;

namespace Vargo.Notification.Channels;

/// <summary>Configuration section <c>Notifications</c>.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>The only SMS and push provider so far: the message is logged, not sent.</summary>
    public const string LogProvider = "log";

    [Required(AllowEmptyStrings = false)]
    public string From { get; set; } = "Vargo <no-reply@vargo.local>";

    /// <summary>
    /// Where email goes when no <c>Smtp:Host</c> is configured: one .eml file per email, readable by any mail client.
    /// Relative paths are under the content root. The AppHost points it into its data directory.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string PickupFolder { get; set; } = "mail-pickup";

    /// <summary>Attempts per delivery before it is marked failed (transient channel errors are retried with back-off).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Safety poll of the dispatcher; new notifications wake it at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A delivery claimed longer ago than this belongs to a process that stopped mid-send.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Who sends text messages: "log" (the default) is the only provider so far.</summary>
    [AllowedValues(LogProvider)]
    public string SmsProvider { get; set; } = LogProvider;

    /// <summary>Who sends push notifications: "log" (the default) is the only provider so far.</summary>
    [AllowedValues(LogProvider)]
    public string PushProvider { get; set; } = LogProvider;
}

/// <summary>Configuration section <c>Smtp</c>: when <see cref="Host"/> is set, email goes through this server.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Auto: TLS on port 465, STARTTLS when offered otherwise.</summary>
    public MailKit.Security.SecureSocketOptions Security { get; set; } = MailKit.Security.SecureSocketOptions.Auto;
}
