using System.Net;
using System.Net.Sockets;
using Delivery.Sandbox.Marathon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Delivery.Sandbox.Tests.Marathon;

/// <summary>Real HTTP and TCP checks against a listener on 127.0.0.1.</summary>
public sealed class NetworkProbeTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/ok", () => "ok");
        _app.MapGet("/redirect", () => Results.Redirect("/ok"));
        _app.MapGet("/fail", () => Results.StatusCode(500));
        _app.MapGet("/ready", () => Results.Json(new { ready = true }));
        await _app.StartAsync();
        _port = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private ProbeRequest Http(string path, string protocol = "HTTP") =>
        new(protocol, "127.0.0.1", _port, path, TimeSpan.FromSeconds(5), false, null);

    [Theory]
    [InlineData("/ok", true)]
    [InlineData("/redirect", true)]   // 3xx counts as healthy
    [InlineData("/fail", false)]
    [InlineData("/missing", false)]
    public async Task Probe_HttpStatus_HealthyOnlyFor200To399(string path, bool healthy)
    {
        var result = await NetworkProbe.Shared.ProbeAsync(Http(path), CancellationToken.None);
        Assert.Equal(healthy, result.Healthy);
        if (!healthy) Assert.NotNull(result.Cause);
    }

    [Fact]
    public async Task Probe_MesosHttp_BehavesLikeHttp()
    {
        Assert.True((await NetworkProbe.Shared.ProbeAsync(Http("/ok", "MESOS_HTTP"), CancellationToken.None)).Healthy);
    }

    [Fact]
    public async Task Probe_TcpOpenAndClosedPorts_PassAndFail()
    {
        Assert.True((await NetworkProbe.Shared.ProbeAsync(Http("/", "TCP"), CancellationToken.None)).Healthy);
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var result = await NetworkProbe.Shared.ProbeAsync(new ProbeRequest("TCP", "127.0.0.1", port, "/", TimeSpan.FromSeconds(2), false, null), CancellationToken.None);
        Assert.False(result.Healthy);
        Assert.Contains($"127.0.0.1:{port}", result.Cause);
    }

    [Fact]
    public async Task Readiness_StatusInReadyCodes_IsReadyAndKeepsResponse()
    {
        var ready = await NetworkProbe.Shared.ReadinessAsync(new ReadinessRequest("HTTP", "127.0.0.1", _port, "/ready", TimeSpan.FromSeconds(5), [200]), CancellationToken.None);
        Assert.True(ready.Ready);
        Assert.Equal(200, ready.Status);
        Assert.Contains("ready", ready.Body);
        var notReady = await NetworkProbe.Shared.ReadinessAsync(new ReadinessRequest("HTTP", "127.0.0.1", _port, "/fail", TimeSpan.FromSeconds(5), [200]), CancellationToken.None);
        Assert.False(notReady.Ready);
        Assert.Equal(500, notReady.Status);
    }

    // Marathon: core/health/impl/HealthCheckWorker.scala (toIgnoreResponses 100–199 answer Ignored with ignoreHttp1xx).
    [Theory]
    [InlineData(200, false, "pass")]
    [InlineData(302, false, "pass")]
    [InlineData(102, true, "ignored")]
    [InlineData(102, false, "fail")]
    [InlineData(500, true, "fail")]
    public void Classify_Status_PassIgnoredOrFail(int status, bool ignoreHttp1xx, string expected)
    {
        var result = NetworkProbe.Classify(status, "Reason", ignoreHttp1xx);

        Assert.Equal(expected, result.Ignored ? "ignored" : result.Healthy ? "pass" : "fail");
    }
}
