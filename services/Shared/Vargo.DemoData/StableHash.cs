using System.Security.Cryptography;
using System.Text;

namespace Vargo.DemoData;

/// <summary>
/// Hashes that never change between processes or runtimes (string.GetHashCode is randomized per process),
/// so identifiers and stock figures are the same on every machine.
/// </summary>
internal static class StableHash
{
    public static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return hash;
    }

    /// <summary>A name-based GUID (RFC 9562 version 8 layout) from the given text.</summary>
    public static Guid Guid(string name)
    {
        Span<byte> bytes = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), bytes);
        var guid = bytes[..16];
        guid[7] = (byte)((guid[7] & 0x0F) | 0x80);
        guid[8] = (byte)((guid[8] & 0x3F) | 0x80);
        return new Guid(guid);
    }
}
