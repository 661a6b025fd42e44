using Microsoft.Extensions.Options;
using MimeKit;
using Vargo.Notification.Notifications;

namespace Vargo.Notification.Channels;

/// <summary>Email with a text and an HTML part; the message id is the delivery id, so receivers can de-duplicate.</summary>
public sealed class EmailChannel(IEmailTransport transport, IOptions<NotificationOptions> options) : INotificationChannel
{
    public string Name => ChannelNames.Email;

    public bool RepeatsSafely => transport.RepeatsSafely;

    public Task SendAsync(UserNotification notification, Delivery delivery, CancellationToken cancellationToken) =>
        transport.SendAsync(Compose(notification, delivery), cancellationToken);

    internal MimeMessage Compose(UserNotification notification, Delivery delivery)
    {
        var message = new MimeMessage
        {
            MessageId = $"{delivery.Id:N}@vargo.local",
            Date = notification.CreatedAt,
            Subject = notification.Subject,
            Body = new BodyBuilder { TextBody = notification.TextBody, HtmlBody = notification.HtmlBody }.ToMessageBody()
        };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(notification.Email));
        return message;
    }
}
