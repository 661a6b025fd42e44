using System.Net;
using System.Net.Sockets;

namespace Vargo.Hosting.Local;

/// <summary>
/// Picks a TCP port for a server that must be told its port before it starts (RabbitMQ's Erlang distribution port, a
/// test's Kestrel endpoints).
/// </summary>
/// <remarks>
/// Asking the OS for a free port (binding port 0) and handing the number on is a race: the port is free only until the
/// listener closes, and the kernel gives the same ephemeral range to every outgoing connection and every other port-0
/// listener on the machine. On a busy test machine (a whole app starting beside the tests) another socket took such a
/// port before RabbitMQ bound it, and the broker stopped at once (<c>dist_port_already_used</c>). A port picked at random
/// from outside the ephemeral range is never handed out by the kernel, so only another explicit pick could take it.
/// </remarks>
public static class ListenPort
{
    private const string LinuxEphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";

    /// <summary>
    /// A loopback TCP port, free when checked, outside the range the OS assigns to ephemeral ports (on Linux read from
    /// <c>ip_local_port_range</c>, default 32768–60999; elsewhere the IANA dynamic range, 49152–65535).
    /// Falls back to an OS-assigned port if none of 100 random picks is free.
    /// </summary>
    public static int OutsideEphemeralRange()
    {
        var (first, last) = PickRange();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(first, last + 1);
            if (IsFree(port))
            {
                return port;
            }
        }
        return AssignedByOs();
    }

    /// <summary>The range to pick from: above the ephemeral range when there is room there, else below it.</summary>
    internal static (int First, int Last) PickRange(string? ephemeralRange = null)
    {
        var (low, high) = ParseRange(ephemeralRange ?? ReadLinuxRange()) ?? (49152, 65535);
        // Above the range are 4536 ports on Linux's default; below it, fixed ports of the AppHost (15080, 19080, 20080)
        // and of developers' own servers are more likely, so below is used only when above is too narrow.
        return 65535 - high >= 1000 ? (high + 1, 65535) : (Math.Max(1024, low - 10000), low - 1);
    }

    internal static (int Low, int High)? ParseRange(string? text)
    {
        var parts = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && int.TryParse(parts[0], out var low) && int.TryParse(parts[1], out var high)
            && low is > 1024 and <= 65535 && high >= low && high <= 65535
            ? (low, high)
            : null;
    }

    private static string? ReadLinuxRange()
    {
        try
        {
            return OperatingSystem.IsLinux() ? File.ReadAllText(LinuxEphemeralRange) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            // Every address: RabbitMQ's distribution listener binds them all, and a port held on any one is taken.
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int AssignedByOs()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
