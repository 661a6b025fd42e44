using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vargo.Messaging;
using Vargo.Messaging.Contracts;
using Vargo.Notification.Channels;
using Vargo.Notification.Data;
using Vargo.Notification.Dispatch;
using Vargo.Notification.Handlers;
using Vargo.Notification.Notifications;

namespace Vargo.Notification.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Attribute rules on the paging query (PageRequest), checked before a handler runs.
        builder.Services.AddValidation();
        builder.AddDefaultAuthentication();

        builder.AddNpgsqlDbContext<NotificationsDbContext>("notificationsdb");
        builder.Services.AddHostedService<DatabaseMigrator>();

        builder.AddVargoMessaging("messaging")
            .UseDbContext<NotificationsDbContext>()
            .AddConsumer<UserRegistered, SendWelcome>()
            .AddConsumer<OrderPlaced, SendOrderConfirmation>()
            .AddConsumer<PaymentFailed, SendPaymentFailedAlert>()
            .AddConsumer<OrderCancelled, SendCancellationNotice>();

        builder.Services.AddScoped<NotificationWriter>();
        builder.AddNotificationChannels();

        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddSingleton(sp => new CommitSignalInterceptor<Notifications.Delivery>(sp.GetRequiredService<DeliverySignal>()));
        builder.Services.ConfigureDbContext<NotificationsDbContext>(
            (sp, options) => options.AddInterceptors(sp.GetRequiredService<CommitSignalInterceptor<Notifications.Delivery>>()),
            ServiceLifetime.Singleton);
        builder.Services.AddHostedService<DeliveryDispatcher>();
    }

    /// <summary>
    /// Email: SMTP when <c>Smtp:Host</c> is set, else .eml files in <c>Notifications:PickupFolder</c>.
    /// SMS and push: <c>Notifications:SmsProvider</c> / <c>Notifications:PushProvider</c>; "log" (the default) is the only provider so far.
    /// </summary>
    private static void AddNotificationChannels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration("Notifications");
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration("Smtp");

        if (string.IsNullOrWhiteSpace(builder.Configuration["Smtp:Host"]))
        {
            builder.Services.AddSingleton<IEmailTransport, PickupFolderEmailTransport>();
        }
        else
        {
            builder.Services.AddSingleton<IEmailTransport, SmtpEmailTransport>();
        }
        builder.Services.AddSingleton<INotificationChannel, EmailChannel>();

        foreach (var (channel, key) in new[] { (ChannelNames.Sms, "Notifications:SmsProvider"), (ChannelNames.Push, "Notifications:PushProvider") })
        {
            var provider = builder.Configuration[key] ?? "log";
            if (provider != "log")
            {
                throw new InvalidOperationException($"{key}: unknown provider '{provider}' (available: log).");
            }
            builder.Services.AddSingleton<INotificationChannel>(sp =>
                new LogOnlyChannel(channel, sp.GetRequiredService<ILogger<LogOnlyChannel>>()));
        }
    }
}
