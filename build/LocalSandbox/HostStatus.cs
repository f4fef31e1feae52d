using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSandbox;

/// <summary>
/// <c>status.json</c> as the sandbox host writes it when it is ready: what it serves and where its agents are.
/// The same file is what tests and <c>SandboxStatus --json</c> read.
/// </summary>
public sealed record HostStatus(
    int Pid,
    DateTimeOffset StartedAt,
    string Runtime,
    HostStatus.Endpoint Marathon,
    HostStatus.Endpoint? Registry,
    HostStatus.Endpoint? Prometheus,
    HostStatus.Endpoint? Ecr,
    IReadOnlyList<HostStatus.Agent> Agents)
{
    /// <param name="Username">Test credentials of the sandbox itself (never production ones); null when the endpoint is open.</param>
    /// <param name="RegistryUrl">For ECR: the registry endpoint (proxyEndpoint) images are pushed to and pulled from.</param>
    public sealed record Endpoint(string Url, string? Username = null, string? Password = null, string? Region = null)
    {
        public string? RegistryUrl { get; init; }
        public string? AccountId { get; init; }
    }

    public sealed record Agent(string Id, string Hostname, string Region, string Zone);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static HostStatus? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<HostStatus>(File.ReadAllText(path), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
