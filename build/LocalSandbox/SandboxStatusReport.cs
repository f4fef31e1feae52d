using System.Text.Json;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Contract;

namespace LocalSandbox;

/// <summary>What <c>SandboxStatus</c> prints: each component, whether it runs, and its endpoint.</summary>
public static class SandboxStatusReport
{
    public sealed record Component(string Name, string Endpoint, int? Pid, bool Running);

    public static async Task<IReadOnlyList<Component>> ProbeAsync(SandboxLayout layout, CancellationToken cancellationToken)
    {
        async Task<Component> Probe(string name, string endpoint, string readyUrl)
        {
            var process = new DetachedProcess(name, layout);
            return new Component(name, endpoint, process.Pid, process.IsRunning && await Readiness.AnswersAsync(readyUrl, cancellationToken));
        }

        var host = await Probe("host", layout.MarathonUrl, $"{layout.MarathonUrl}/ping");
        return
        [
            host with { Name = "marathon" },
            await Probe("registry", layout.RegistryUrl, $"{layout.RegistryUrl}/v2/"),
            await Probe("prometheus", layout.PrometheusUrl, $"{layout.PrometheusUrl}/-/ready"),
            await Probe("pushgateway", layout.PushgatewayUrl, $"{layout.PushgatewayUrl}/-/ready"),
        ];
    }

    /// <summary>
    /// Machine-readable status for scripts and tests. It includes the sandbox's own test credentials (which exist
    /// only on this machine); production credentials never pass through here.
    /// </summary>
    public static string Json(SandboxLayout layout, IReadOnlyList<Component> components, SandboxStatus? host)
    {
        var root = new JsonObject
        {
            ["up"] = components.All(c => c.Running),
            ["stateDirectory"] = layout.StateDirectory,
        };
        foreach (var c in components)
            root[c.Name] = new JsonObject { ["url"] = c.Endpoint, ["running"] = c.Running, ["pid"] = c.Pid };
        if (host?.Marathon.Username is { } user)
        {
            root["marathon"]!["username"] = user;
            root["marathon"]!["password"] = host.Marathon.Password;
        }
        // The ECR emulator is hosted by the sandbox host; it appears once the host reports it.
        root["ecr"] = host?.Ecr is { } ecr
            ? JsonSerializer.SerializeToNode(ecr, SandboxStatus.Json)
            : null;
        root["agents"] = host is null ? new JsonArray() : JsonSerializer.SerializeToNode(host.Agents, SandboxStatus.Json);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
