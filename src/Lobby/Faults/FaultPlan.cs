using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lobby.Faults;

/// <summary>
/// How a release of the lobby misbehaves, read from <c>faults.json</c> baked into its image. A commit that
/// edits the file produces a bad release, which is what canary analysis must catch. A missing file is a good release.
/// </summary>
/// <param name="ErrorRate">Share of API requests (0..1) answered 500; /health and /metrics are never failed.</param>
/// <param name="ExtraLatencyMs">Delay added to each API request.</param>
/// <param name="CrashOnStart">Exit with code 3 before listening.</param>
/// <param name="UnhealthyAfterSeconds">/health answers 503 once the process has been up this long.</param>
public sealed record FaultPlan(double ErrorRate, int ExtraLatencyMs, bool CrashOnStart, int? UnhealthyAfterSeconds)
{
    public static FaultPlan None { get; } = new(0, 0, false, null);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public bool IsGood => ErrorRate <= 0 && ExtraLatencyMs <= 0 && !CrashOnStart && UnhealthyAfterSeconds is null;

    public static FaultPlan Load(string path)
    {
        if (!File.Exists(path))
            return None;
        FaultPlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize<FaultPlan>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Tried to read the lobby fault plan {path} but it is not valid JSON: {e.Message}", e);
        }
        plan ??= None;
        if (plan.ErrorRate is < 0 or > 1)
            throw new InvalidOperationException($"Tried to read the lobby fault plan {path} but errorRate {plan.ErrorRate} is outside 0..1");
        return plan;
    }

    public override string ToString() => IsGood
        ? "none"
        : $"errorRate={ErrorRate}, extraLatencyMs={ExtraLatencyMs}, crashOnStart={CrashOnStart}, unhealthyAfterSeconds={UnhealthyAfterSeconds?.ToString() ?? "never"}";
}
