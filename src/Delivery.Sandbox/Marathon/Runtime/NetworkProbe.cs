using System.Net.Sockets;

namespace Delivery.Sandbox.Marathon.Runtime;

/// <summary>
/// Real health and readiness checks against host:port, as the Marathon leader (HTTP/HTTPS/TCP) or the Mesos agent
/// (MESOS_*) would run them. Pass: HTTP status 200–399 within the timeout (1xx is ignored when ignoreHttp1xx); TCP connect.
/// HTTPS does not verify certificates, like Marathon's own checker. Shared so every runtime probes the same way.
/// </summary>
public sealed class NetworkProbe : IDisposable
{
    public static NetworkProbe Shared { get; } = new();

    private readonly HttpClient _http;

    public NetworkProbe()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Runs an HTTP, HTTPS or TCP check (Marathon- or Mesos-level). COMMAND is not a network check.</summary>
    public async Task<ProbeResult> ProbeAsync(ProbeRequest probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(probe.Timeout);
        var protocol = probe.Protocol.Replace("MESOS_", "", StringComparison.Ordinal);
        try
        {
            return protocol switch
            {
                "HTTP" or "HTTPS" => await HttpAsync(protocol, probe, timeout.Token),
                "TCP" => await TcpAsync(probe.Host, probe.Port, timeout.Token),
                _ => ProbeResult.Fail($"{probe.Protocol} checks are not network checks"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Fail($"{protocol} check of {probe.Host}:{probe.Port} timed out after {probe.Timeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
        {
            return ProbeResult.Fail($"{protocol} check of {probe.Host}:{probe.Port} failed: {e.Message}");
        }
    }

    public async Task<ReadinessObservation> ReadinessAsync(ReadinessRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout);
        try
        {
            using var response = await _http.GetAsync(Url(request.Protocol, request.Host, request.Port, request.Path), timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var status = (int)response.StatusCode;
            return new ReadinessObservation(request.StatusCodesForReady.Contains(status), status,
                response.Content.Headers.ContentType?.ToString(), body.Length > 4096 ? body[..4096] : body);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or OperationCanceledException)
        {
            if (cancellationToken.IsCancellationRequested) throw;
            return new ReadinessObservation(false, null, null, null);
        }
    }

    private async Task<ProbeResult> HttpAsync(string protocol, ProbeRequest probe, CancellationToken token)
    {
        using var response = await _http.GetAsync(Url(protocol, probe.Host, probe.Port, probe.Path), HttpCompletionOption.ResponseHeadersRead, token);
        return Classify((int)response.StatusCode, response.ReasonPhrase, probe.IgnoreHttp1xx);
    }

    /// <summary>2xx and 3xx pass; 1xx is ignored with ignoreHttp1xx and fails without it; the rest fails with the status.</summary>
    public static ProbeResult Classify(int status, string? reason, bool ignoreHttp1xx) => status switch
    {
        >= 200 and <= 399 => ProbeResult.Pass,
        >= 100 and <= 199 when ignoreHttp1xx => ProbeResult.Ignore,
        _ => ProbeResult.Fail($"{status} {reason}".Trim()),
    };

    private static async Task<ProbeResult> TcpAsync(string host, int port, CancellationToken token)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, token);
        return ProbeResult.Pass;
    }

    private static Uri Url(string protocol, string host, int port, string path) =>
        new($"{protocol.ToLowerInvariant()}://{host}:{port}{(path.StartsWith('/') ? path : "/" + path)}");

    public void Dispose() => _http.Dispose();
}
