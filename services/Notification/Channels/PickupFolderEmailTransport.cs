using Microsoft.Extensions.Options;
using MimeKit;

namespace Vargo.Notification.Channels;

/// <summary>
/// Writes each email as <c>{message id}.eml</c> into a folder (written to a temporary name, then renamed, so a reader
/// never sees half a file). Writing the same message again replaces the file: repeating is harmless.
/// </summary>
public sealed class PickupFolderEmailTransport(IOptions<NotificationOptions> options, IHostEnvironment environment) : IEmailTransport
{
    public bool RepeatsSafely => true;

    public string Folder => Path.GetFullPath(options.Value.PickupFolder, environment.ContentRootPath);

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var name = string.Concat((message.MessageId ?? throw new InvalidOperationException("An email needs a message id.")).Split(Path.GetInvalidFileNameChars()));
        var path = Path.Combine(Folder, $"{name}.eml");
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
