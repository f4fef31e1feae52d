using Delivery.Sandbox.Marathon;
using Delivery.Sandbox.Marathon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Delivery.Sandbox.Tests.Marathon.Support;

/// <summary>
/// The emulator on a real loopback socket (a free port, the in-memory runtime, the system clock), for what only a real
/// connection shows: an aborted request reaches the client as a broken connection, where the test server cancels it.
/// </summary>
public sealed class RealHttpMarathon : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly InMemoryTaskRuntime _runtime;

    private RealHttpMarathon(WebApplication app, InMemoryTaskRuntime runtime, Uri address) =>
        (_app, _runtime, Client) = (app, runtime, new HttpClient { BaseAddress = address });

    public HttpClient Client { get; }

    /// <param name="options">Default: the scheduler loop off, as in <see cref="MarathonHost"/>.</param>
    public static async Task<RealHttpMarathon> StartAsync(MarathonEmulatorOptions? options = null)
    {
        var runtime = new InMemoryTaskRuntime(TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(Delivery.Sandbox.Contract.RequestLimits.Apply);
        builder.Services.AddMarathonEmulator(options ?? new MarathonEmulatorOptions { RunBackgroundLoop = false }, _ => runtime);
        var app = builder.Build();
        app.MapMarathonApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RealHttpMarathon(app, runtime, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _runtime.DisposeAsync();
    }
}
