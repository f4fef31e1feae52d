using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Delivery.Sandbox.Ecr;

/// <summary>Wiring for a host: <c>services.AddEcrEmulator(options)</c>, then <c>app.MapEcrApi()</c> and <c>app.MapEcrRegistry()</c>.</summary>
public static class EcrEmulatorExtensions
{
    public static IServiceCollection AddEcrEmulator(this IServiceCollection services, EcrEmulatorOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<EcrState>();
        services.AddSingleton<SigV4Verifier>();
        services.AddSingleton<EcrRepositoryOperations>();
        services.AddSingleton<EcrImageOperations>();
        services.AddSingleton<EcrApiEndpoint>();
        services.AddSingleton<RegistryProxy>();
        // Blobs can take minutes on a slow disk; the proxy streams them, so no overall timeout.
        services.AddSingleton(sp => new RegistryBackend(
            new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<EcrEmulatorOptions>()));
        return services;
    }

    /// <summary>The JSON 1.1 API: <c>POST /</c> on the API port only.</summary>
    public static IEndpointConventionBuilder MapEcrApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<EcrEmulatorOptions>();
        var endpoint = app.ServiceProvider.GetRequiredService<EcrApiEndpoint>();
        return app.MapPost("/", endpoint.HandleAsync).RequireHost($"*:{options.ApiPort}");
    }

    /// <summary>The registry endpoint: <c>/v2/…</c>, every method, on the registry port only.</summary>
    public static IEndpointConventionBuilder MapEcrRegistry(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<EcrEmulatorOptions>();
        var proxy = app.ServiceProvider.GetRequiredService<RegistryProxy>();
        app.Map("/v2", proxy.HandleAsync).RequireHost($"*:{options.RegistryPort}");
        return app.Map("/v2/{**rest}", proxy.HandleAsync).RequireHost($"*:{options.RegistryPort}");
    }
}
