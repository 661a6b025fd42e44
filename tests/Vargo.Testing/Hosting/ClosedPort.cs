using System.Net;
using System.Net.Sockets;

namespace Vargo.Testing.Hosting;

/// <summary>
/// A loopback TCP port that refuses every connection for as long as this lives: a socket bound to it that never listens.
/// What a test of "nobody listens there" needs: a port merely found free could be bound by another test's server (in this
/// process or another) before the test connects, turning "connection refused" into an answer.
/// </summary>
public sealed class ClosedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort()
    {
        // Bound, so no other socket is given or can bind the port; not listening, so the kernel answers a connect with RST.
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
