using Delivery.Sandbox.Marathon.Api;
using Delivery.Sandbox.Marathon.Apps;
using Delivery.Sandbox.Marathon.Events;
using Delivery.Sandbox.Marathon.Faults;
using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Marathon.Scheduling;
using Delivery.Sandbox.Marathon.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Delivery.Sandbox.Marathon;

/// <summary>
/// Entry point of the Marathon emulator: a Marathon REST API v2 server over an emulated cluster. The sandbox host
/// adds the services and maps the routes; time comes from the registered <see cref="TimeProvider"/> (system by default).
/// </summary>
public static class MarathonEmulator
{
    /// <summary>Adds the state store, scheduler (and its background loop), deployment manager, health checks, event bus.</summary>
    public static IServiceCollection AddMarathonEmulator(this IServiceCollection services, MarathonEmulatorOptions options,
        Func<IServiceProvider, ITaskRuntime> runtime)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(sp => new MarathonTime(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new EventBus(sp.GetRequiredService<MarathonTime>(), options.EventBufferPerSubscriber));
        services.AddSingleton(sp => new MarathonState(options, sp.GetRequiredService<MarathonTime>(), sp.GetRequiredService<EventBus>()));
        services.AddSingleton(sp => new MarathonScheduler(sp.GetRequiredService<MarathonState>(), runtime(sp)));
        services.AddSingleton(sp => new AppCommands(sp.GetRequiredService<MarathonState>(), sp.GetRequiredService<MarathonScheduler>()));
        services.AddSingleton(sp => new ApiFaults(sp.GetRequiredService<MarathonState>()));
        if (options.RunBackgroundLoop) services.AddHostedService<SchedulerLoop>();
        return services;
    }

    /// <summary>Maps /v2/..., /ping and the fault-injection routes under /_sandbox/marathon/.</summary>
    public static IEndpointRouteBuilder MapMarathonApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ping", ApiSupport.Handle(InfoApi.PingAsync));
        app.MapGet("/v2/info", ApiSupport.Handle(InfoApi.InfoAsync));
        app.MapGet("/v2/leader", ApiSupport.Handle(InfoApi.LeaderAsync));
        app.MapGet("/v2/groups", ApiSupport.Handle(GroupsApi.GetAsync));
        app.MapGet("/v2/groups/{**id}", ApiSupport.Handle(GroupsApi.GetAsync));
        app.MapGet("/v2/queue", ApiSupport.Handle(InfoApi.QueueAsync));
        app.MapDelete("/v2/queue/{**path}", ApiSupport.Handle(InfoApi.ResetDelayAsync));
        app.MapGet("/v2/apps", ApiSupport.Handle(AppsApi.ListAsync));
        app.MapPost("/v2/apps", ApiSupport.Handle(AppsApi.CreateAsync));
        app.MapMethods("/v2/apps/{**rest}", ["GET", "PUT", "PATCH", "DELETE", "POST"], ApiSupport.Handle(AppsApi.DispatchAsync));
        app.MapGet("/v2/tasks", ApiSupport.Handle(TasksApi.ListAsync));
        app.MapPost("/v2/tasks/delete", ApiSupport.Handle(TasksApi.DeleteAsync));
        app.MapGet("/v2/deployments", ApiSupport.Handle(DeploymentsApi.ListAsync));
        app.MapDelete("/v2/deployments/{id}", ApiSupport.Handle(DeploymentsApi.DeleteAsync));
        app.MapGet("/v2/events", ApiSupport.Handle(EventsApi.StreamAsync));
        // Jersey maps an unknown URI to 500 "URI not found" in current Marathon.
        app.MapFallback("/v2/{**path}", ApiSupport.Handle(_ => throw MarathonApiException.WithMessage(500, "URI not found")));

        const string sandbox = "/_sandbox/marathon";
        app.MapGet($"{sandbox}/cluster", ApiSupport.Handle(InfoApi.ClusterAsync));
        app.MapPost($"{sandbox}/zones/{{zone}}/fail", ApiSupport.Handle(SandboxApi.FailZoneAsync));
        app.MapPost($"{sandbox}/zones/{{zone}}/restore", ApiSupport.Handle(SandboxApi.RestoreZoneAsync));
        app.MapPost($"{sandbox}/tasks/{{taskId}}/crash", ApiSupport.Handle(SandboxApi.CrashTaskAsync));
        app.MapGet($"{sandbox}/api-faults", ApiSupport.Handle(SandboxApi.ListApiFaultsAsync));
        app.MapPost($"{sandbox}/api-faults", ApiSupport.Handle(SandboxApi.AddApiFaultAsync));
        app.MapDelete($"{sandbox}/api-faults", ApiSupport.Handle(SandboxApi.ClearApiFaultsAsync));
        app.MapPost($"{sandbox}/events/cut", ApiSupport.Handle(SandboxApi.CutEventsAsync));
        return app;
    }
}
