using System.Text.Json;
using Delivery.Sandbox.Marathon;

namespace Delivery.Sandbox.Host;

/// <summary>
/// status.json in the state folder, written once the host serves requests: how to reach each part of the sandbox.
/// The build program's SandboxStatus and the tests read it; credentials here are the sandbox's own test ones.
/// </summary>
public sealed record SandboxStatus(
    int Pid,
    DateTimeOffset StartedAt,
    string Runtime,
    SandboxStatus.Endpoint Marathon,
    SandboxStatus.Endpoint? Registry,
    SandboxStatus.Endpoint? Prometheus,
    SandboxStatus.Endpoint? Ecr,
    IReadOnlyList<SandboxStatus.Agent> Agents)
{
    /// <param name="RegistryUrl">For ECR: the registry endpoint (proxyEndpoint) images are pushed to and pulled from.</param>
    public sealed record Endpoint(string Url, string? Username = null, string? Password = null, string? Region = null)
    {
        public string? RegistryUrl { get; init; }
        public string? AccountId { get; init; }
    }

    public sealed record Agent(string Id, string Hostname, string Region, string Zone);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static SandboxStatus For(SandboxOptions options, IReadOnlyList<AgentOptions> agents, Endpoint? ecr, TimeProvider time) => new(
        Environment.ProcessId,
        time.GetUtcNow(),
        options.Runtime,
        new Endpoint(options.MarathonUrl),
        options.Registry is { } registry ? new Endpoint(registry.ToString().TrimEnd('/')) : null,
        options.Prometheus is { } prometheus ? new Endpoint(prometheus.ToString().TrimEnd('/')) : null,
        ecr,
        agents.Select(a => new Agent(a.Id, a.Hostname, a.Region, a.Zone)).ToList());

    /// <summary>Written to a temporary file and moved, so that a reader never sees half a file.</summary>
    public void WriteTo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
