namespace Vargo.Notification.Channels;

public static class ChannelNames
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Push = "push";
}
