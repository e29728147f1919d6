using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Microsoft.ML.XlmRoberta.TestSupport;

/// <summary>
/// A hostile hub stand-in on 127.0.0.1 (ephemeral port) that accepts every connection and never answers: it reads
/// nothing and writes nothing until it is disposed, when it closes the connections and stops.
/// </summary>
public sealed class SilentHubServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentBag<TcpClient> _held = [];
    private readonly Task _loop;

    /// <summary>Starts listening.</summary>
    public SilentHubServer()
    {
        _listener.Start();
        Endpoint = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Endpoint { get; }

    /// <summary>How many connections were accepted.</summary>
    public int Accepted => _held.Count;

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Stop();
        foreach (TcpClient client in _held)
        {
            client.Dispose();
        }

        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            try
            {
                _held.Add(await _listener.AcceptTcpClientAsync().ConfigureAwait(false));
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
        }
    }
}
