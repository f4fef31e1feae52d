using System.Text.Json;

namespace Delivery.Sandbox.Contract;

/// <summary>
/// status.json in the sandbox's state folder, written by the host once it serves requests (so "it exists" means
/// "ready") and removed when it stops: how to reach each part of the sandbox. The build program, its
/// <c>SandboxStatus --json</c> and the tests read it through this type; credentials here are the sandbox's own test ones.
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
    public const string FileName = "status.json";

    /// <param name="Username">Test credentials of the sandbox itself (never production ones); null when the endpoint is open.</param>
    public sealed record Endpoint(string Url, string? Username = null, string? Password = null, string? Region = null)
    {
        /// <summary>For ECR: the registry endpoint (proxyEndpoint) images are pushed to and pulled from.</summary>
        public string? RegistryUrl { get; init; }
        public string? AccountId { get; init; }
    }

    public sealed record Agent(string Id, string Hostname, string Region, string Zone);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathIn(string stateDirectory) => System.IO.Path.Combine(stateDirectory, FileName);

    /// <summary>The status in <paramref name="path"/>, or null while there is none (host not started, or stopping).</summary>
    public static SandboxStatus? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<SandboxStatus>(File.ReadAllText(path), Json) : null;
        }
        catch (Exception e) when (e is JsonException or FileNotFoundException)
        {
            // A file removed between the check and the read is a host that is stopping: no status.
            return null;
        }
    }

    /// <summary>Written to a temporary file and moved, so that a reader never sees half a file.</summary>
    public void WriteTo(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
