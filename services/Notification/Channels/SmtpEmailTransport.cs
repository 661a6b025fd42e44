using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Vargo.Notification.Channels;

/// <summary>
/// MailKit SMTP. A send interrupted after the server accepted the message cannot be told apart from one it never
/// got, so a repeat could reach the user twice: such deliveries are marked uncertain instead of retried.
/// </summary>
public sealed class SmtpEmailTransport(IOptions<SmtpOptions> options) : IEmailTransport
{
    public bool RepeatsSafely => false;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Smtp:Host is not set."), smtp.Port, smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
