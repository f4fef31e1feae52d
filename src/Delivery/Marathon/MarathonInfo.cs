using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delivery.Marathon;

/// <summary><c>GET /v2/info</c>: who leads and which version; configuration members are kept unread in <see cref="Extra"/>.</summary>
public sealed record MarathonInfo
{
    public string? Name { get; init; }
    public string? Version { get; init; }
    public string? Buildref { get; init; }
    public bool Elected { get; init; }
    public string? Leader { get; init; }
    public string? FrameworkId { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>
/// One entry of <c>GET /v2/queue</c>: instances Marathon wants to launch but has not placed yet. A canary whose zone
/// has no matching agent waits here forever (unsatisfiable constraints fail nothing).
/// </summary>
public sealed record MarathonQueueItem
{
    public int Count { get; init; }
    public MarathonQueueDelay? Delay { get; init; }
    public MarathonApp? App { get; init; }
    public DateTimeOffset? Since { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record MarathonQueueDelay(int TimeLeftSeconds = 0, bool Overdue = false);
