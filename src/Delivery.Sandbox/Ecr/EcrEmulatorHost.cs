using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Delivery.Sandbox.Ecr;

/// <summary>
/// The ECR emulator on its own: API and registry ports on 127.0.0.1, with docker-registry started behind it when
/// asked. Tests use it; a sandbox host may too, or compose the extension methods into its own app.
/// </summary>
public sealed class EcrEmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DockerRegistryProcess? _registry;

    public EcrEmulatorOptions Options { get; }
    public EcrState State => _app.Services.GetRequiredService<EcrState>();

    private EcrEmulatorHost(WebApplication app, EcrEmulatorOptions options, DockerRegistryProcess? registry)
    {
        _app = app;
        Options = options;
        _registry = registry;
    }

    /// <param name="registryStorage">When set, starts docker-registry on a free port storing there, and uses it as the backend.</param>
    public static async Task<EcrEmulatorHost> StartAsync(EcrEmulatorOptions options, string? registryStorage = null, TimeProvider? time = null, CancellationToken ct = default)
    {
        DockerRegistryProcess? registry = null;
        if (registryStorage is not null)
        {
            registry = await DockerRegistryProcess.StartAsync(registryStorage, ct: ct).ConfigureAwait(false);
            options = options with { Backend = registry.Address };
        }
        try
        {
            return await StartAppAsync(options, registry, time, ct).ConfigureAwait(false);
        }
        catch
        {
            if (registry is not null) await registry.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<EcrEmulatorHost> StartAppAsync(EcrEmulatorOptions options, DockerRegistryProcess? registry, TimeProvider? time, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.ApiPort}", $"http://127.0.0.1:{options.RegistryPort}");
        builder.WebHost.ConfigureKestrel(Contract.RequestLimits.Apply);
        if (time is not null) builder.Services.AddSingleton(time);
        builder.Services.AddEcrEmulator(options);
        var app = builder.Build();
        app.MapEcrApi();
        app.MapEcrRegistry();
        await app.StartAsync(ct).ConfigureAwait(false);
        return new EcrEmulatorHost(app, options, registry);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_registry is not null) await _registry.DisposeAsync().ConfigureAwait(false);
    }
}
