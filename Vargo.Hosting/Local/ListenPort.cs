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
/// from outside the ephemeral range is not one the kernel hands out on its own, so only another explicit pick could take
/// it: never one of this process's (each port is handed out once per process), and only by chance one of another
/// process's (1 in several thousand per pick). When the ephemeral range leaves no room outside it, the pick falls back to
/// an OS-assigned port, with the old race.
/// </remarks>
public static class ListenPort
{
    private const string LinuxEphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";
    // Fewer ports than this outside the ephemeral range are too few to pick from at random.
    private const int MinimumRoom = 1000;

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A loopback TCP port, free when checked, outside the range the OS assigns to ephemeral ports (on Linux read from
    /// <c>ip_local_port_range</c>, default 32768–60999; elsewhere the IANA dynamic range, 49152–65535).
    /// Never the same port twice in one process. Falls back to an OS-assigned port if the ephemeral range leaves fewer than
    /// 1000 ports outside it, or none of 100 random picks is free.
    /// </summary>
    public static int OutsideEphemeralRange()
    {
        if (PickRange() is var (first, last))
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var port = Random.Shared.Next(first, last + 1);
                if (HandOut(port) && IsFree(port))
                {
                    return port;
                }
            }
        }
        var assigned = AssignedByOs();
        HandOut(assigned);
        return assigned;
    }

    /// <summary>
    /// The range to pick from: above the ephemeral range when there is room there, else below it (not below 1024); null
    /// when neither has 1000 ports (<c>1024 65535</c>, a common setting on busy servers). An unreadable range is taken to be
    /// the IANA one.
    /// </summary>
    internal static (int First, int Last)? PickRange(string? ephemeralRange = null)
    {
        var (low, high) = ParseRange(ephemeralRange ?? ReadLinuxRange()) ?? (49152, 65535);
        // Above the range are 4536 ports on Linux's default; below it, fixed ports of the AppHost (15080, 19080, 20080)
        // and of developers' own servers are more likely, so below is used only when above is too narrow.
        return 65535 - high >= MinimumRoom ? (high + 1, 65535)
            : low - 1024 >= MinimumRoom ? (Math.Max(1024, low - 10000), low - 1)
            : null;
    }

    /// <summary>The two numbers of <c>ip_local_port_range</c> ("32768	60999"), or null when it reads otherwise.</summary>
    internal static (int Low, int High)? ParseRange(string? text)
    {
        var parts = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && int.TryParse(parts[0], out var low) && int.TryParse(parts[1], out var high)
            && low is >= 1 and <= 65535 && high >= low && high <= 65535
            ? (low, high)
            : null;
    }

    /// <summary>Whether <paramref name="port"/> was not handed out before in this process; marks it handed out.</summary>
    private static bool HandOut(int port)
    {
        lock (HandedOut)
        {
            return HandedOut.Add(port);
        }
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
