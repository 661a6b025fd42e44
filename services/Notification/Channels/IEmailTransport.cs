using MimeKit;

namespace Vargo.Notification.Channels;

/// <summary>Hands a finished email to something that delivers it (an SMTP server, or a pickup folder).</summary>
public interface IEmailTransport
{
    bool RepeatsSafely { get; }

    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
