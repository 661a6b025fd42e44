namespace Vargo.Notification.Templates;

/// <summary>A notification's content in the three forms channels need: subject, plain text, HTML.</summary>
public sealed record RenderedMessage(string Subject, string Text, string Html);
