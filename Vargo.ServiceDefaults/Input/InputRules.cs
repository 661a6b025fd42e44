namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Characters no Vargo text field accepts, whatever the service: control characters (U+0000–U+001F, U+007F) make no
/// sense in names, addresses, SKUs or search text, and PostgreSQL cannot store U+0000 at all (the insert fails).
/// Tab, line feed and carriage return stay allowed in JSON bodies (multi-line descriptions, messages); query and
/// route values allow none. Lone UTF-16 surrogates are refused too: they cannot be encoded as UTF-8.
/// </summary>
public static class InputRules
{
    public const string ControlCharacterMessagePrefix = "Control characters";

    /// <summary>The message for a field holding a forbidden character.</summary>
    public static string ControlCharacterMessage(string field) =>
        $"{ControlCharacterMessagePrefix} (such as U+0000) and unpaired surrogates are not allowed in '{field}'.";

    /// <summary>True when <paramref name="value"/> holds a character no text field accepts.</summary>
    public static bool HasForbiddenCharacter(ReadOnlySpan<char> value, bool allowLineBreaks)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < ' ' || c == '\u007f')
            {
                if (allowLineBreaks && c is '\t' or '\n' or '\r')
                {
                    continue;
                }
                return true;
            }
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }
                return true;
            }
            if (char.IsLowSurrogate(c))
            {
                return true;
            }
        }
        return false;
    }
}
