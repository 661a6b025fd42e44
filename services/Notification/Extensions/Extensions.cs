using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vargo.Messaging;
using Vargo.Messaging.DeadLetters;
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
        // Before the consumers and the dispatcher start (AddMigration runs ahead of every hosted service).
        builder.Services.AddMigration<NotificationsDbContext>();

        builder.AddVargoMessaging("messaging")
            .UseDbContext<NotificationsDbContext>()
            .AddConsumer<UserRegistered, SendWelcome>()
            .AddConsumer<OrderPlaced, SendOrderConfirmation>()
            .AddConsumer<PaymentFailed, SendPaymentFailedAlert>()
            .AddConsumer<PaymentRefunded, SendRefundNotice>()
            .AddConsumer<OrderCancelled, SendCancellationNotice>();
        builder.Services.AddOpsCommand("replay-dead-letters", DeadLetterQueue.ReplayAllForOperatorAsync);

        builder.Services.AddScoped<NotificationWriter>();
        builder.AddNotificationChannels();

        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddSingleton(sp => new CommitSignalInterceptor<Notifications.Delivery>(sp.GetRequiredService<DeliverySignal>()));
        builder.Services.ConfigureDbContext<NotificationsDbContext>(
            (sp, options) => options.AddInterceptors(sp.GetRequiredService<CommitSignalInterceptor<Notifications.Delivery>>()),
            ServiceLifetime.Singleton);
        builder.Services.AddSingleton<NotificationMetrics>();
        builder.Services.AddHostedService<DeliveryDispatcher>();
    }

    /// <summary>
    /// Email: SMTP when <c>Smtp:Host</c> is set, else .eml files in <c>Notifications:PickupFolder</c>.
    /// SMS and push: <c>Notifications:SmsProvider</c> / <c>Notifications:PushProvider</c>; "log" (the default) is the only provider so far.
    /// </summary>
    private static void AddNotificationChannels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton<IEmailTransport>(sp =>
            string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<SmtpOptions>>().Value.Host)
                ? ActivatorUtilities.CreateInstance<PickupFolderEmailTransport>(sp)
                : ActivatorUtilities.CreateInstance<SmtpEmailTransport>(sp));
        builder.Services.AddSingleton<INotificationChannel, EmailChannel>();

        // Validation allows only the "log" provider for SMS and push (NotificationOptions), so both are log-only channels.
        foreach (var channel in new[] { ChannelNames.Sms, ChannelNames.Push })
        {
            builder.Services.AddSingleton<INotificationChannel>(sp =>
                new LogOnlyChannel(channel, sp.GetRequiredService<ILogger<LogOnlyChannel>>()));
        }
    }
}
