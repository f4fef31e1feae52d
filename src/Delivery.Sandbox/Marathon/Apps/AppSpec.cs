using System.Text.Json.Nodes;
using static Delivery.Sandbox.Marathon.Apps.JsonKinds;

namespace Delivery.Sandbox.Marathon.Apps;

/// <summary>The typed view of a stored (normalized) app definition that the scheduler works from.</summary>
public sealed record AppSpec(
    string Id,
    string Version,
    int Instances,
    double Cpus,
    double MemMb,
    string? Cmd,
    IReadOnlyList<string>? Args,
    string? Image,
    bool ForcePullImage,
    IReadOnlyList<PortSpec> Ports,
    IReadOnlyList<ConstraintSpec> Constraints,
    IReadOnlyList<HealthCheckSpec> HealthChecks,
    ReadinessCheckSpec? Readiness,
    double MinimumHealthCapacity,
    double MaximumOverCapacity,
    bool KillOldestFirst,
    Backoff Backoff,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, string> Labels,
    UnreachableStrategy Unreachable)
{
    public static AppSpec From(JsonObject app)
    {
        var strategy = Obj(app["upgradeStrategy"]);
        var docker = Obj(Obj(app["container"])?["docker"]);
        return new AppSpec(
            Id: Str(app["id"])!,
            Version: Str(app["version"]) ?? "",
            Instances: (int)(Num(app["instances"]) ?? 1),
            Cpus: Num(app["cpus"]) ?? 1,
            MemMb: Num(app["mem"]) ?? 128,
            Cmd: Str(app["cmd"]),
            Args: Arr(app["args"])?.Select(a => Str(a) ?? "").ToList(),
            Image: Str(docker?["image"]),
            ForcePullImage: Bool(docker?["forcePullImage"]) ?? false,
            Ports: ReadPorts(app),
            Constraints: (Arr(app["constraints"]) ?? []).Select(c => ConstraintSpec.From(Arr(c) ?? [])).ToList(),
            HealthChecks: (Arr(app["healthChecks"]) ?? []).Select(h => HealthCheckSpec.From(Obj(h) ?? [])).ToList(),
            Readiness: (Arr(app["readinessChecks"]) ?? []).Select(r => ReadinessCheckSpec.From(Obj(r) ?? [])).FirstOrDefault(),
            MinimumHealthCapacity: Num(strategy?["minimumHealthCapacity"]) ?? 1,
            MaximumOverCapacity: Num(strategy?["maximumOverCapacity"]) ?? 1,
            KillOldestFirst: Str(app["killSelection"]) == "OLDEST_FIRST",
            Backoff: new Backoff(Num(app["backoffSeconds"]) ?? 1, Num(app["backoffFactor"]) ?? 1.15, Num(app["maxLaunchDelaySeconds"]) ?? 300),
            Env: (Obj(app["env"]) ?? []).Where(p => Str(p.Value) is not null).ToDictionary(p => p.Key, p => Str(p.Value)!),
            Labels: (Obj(app["labels"]) ?? []).ToDictionary(p => p.Key, p => Str(p.Value) ?? ""),
            Unreachable: UnreachableStrategy.From(app["unreachableStrategy"]));
    }

    public bool HasHealthChecks => HealthChecks.Count > 0;

    private static List<PortSpec> ReadPorts(JsonObject app)
    {
        var requirePorts = Bool(app["requirePorts"]) ?? false;
        if (AppNormalizer.NetworkMode(app) == "host")
            return (Arr(app["portDefinitions"]) ?? []).Select(p => Obj(p) ?? []).Select(p =>
            {
                var port = (int)(Num(p["port"]) ?? 0);
                return new PortSpec(Str(p["name"]), port, requirePorts && port != 0 ? port : null);
            }).ToList();
        return (Arr(Obj(app["container"])?["portMappings"]) ?? []).Select(p => Obj(p) ?? []).Select(p =>
        {
            var hostPort = (int)(Num(p["hostPort"]) ?? 0);
            return new PortSpec(Str(p["name"]), (int)(Num(p["servicePort"]) ?? 0), hostPort != 0 ? hostPort : null);
        }).ToList();
    }
}

/// <param name="FixedHostPort">The host port the task must get (requirePorts, or a non-zero hostPort mapping); null = any.</param>
public sealed record PortSpec(string? Name, int ServicePort, int? FixedHostPort);

public sealed record ConstraintSpec(string Field, string Operator, string? Value)
{
    public static ConstraintSpec From(JsonArray parts)
    {
        var values = parts.Select(p => Str(p) ?? "").ToList();
        return new ConstraintSpec(values.ElementAtOrDefault(0) ?? "", values.ElementAtOrDefault(1) ?? "",
            values.Count > 2 && values[2].Length > 0 ? values[2] : null);
    }
}

public sealed record HealthCheckSpec(
    string Protocol, string Path, int? PortIndex, int? Port, string? Command,
    TimeSpan GracePeriod, TimeSpan Interval, TimeSpan Timeout, int MaxConsecutiveFailures, bool IgnoreHttp1xx,
    JsonObject Definition)
{
    /// <summary>Mesos-level checks run on the agent; for them maxConsecutiveFailures 0 means kill on the first failure.</summary>
    public bool IsMesosLevel => Protocol.StartsWith("MESOS_", StringComparison.Ordinal) || Protocol == "COMMAND";

    public static HealthCheckSpec From(JsonObject h) => new(
        Protocol: Str(h["protocol"]) ?? "HTTP",
        Path: Str(h["path"]) ?? "/",
        PortIndex: Num(h["portIndex"]) is { } i ? (int)i : null,
        Port: Num(h["port"]) is { } p ? (int)p : null,
        Command: Str(Obj(h["command"])?["value"]),
        GracePeriod: TimeSpan.FromSeconds(Num(h["gracePeriodSeconds"]) ?? 300),
        Interval: TimeSpan.FromSeconds(Num(h["intervalSeconds"]) ?? 60),
        Timeout: TimeSpan.FromSeconds(Num(h["timeoutSeconds"]) ?? 20),
        MaxConsecutiveFailures: (int)(Num(h["maxConsecutiveFailures"]) ?? 3),
        IgnoreHttp1xx: Bool(h["ignoreHttp1xx"]) ?? false,
        Definition: h);
}

public sealed record ReadinessCheckSpec(string Name, string Protocol, string Path, string PortName, TimeSpan Interval, TimeSpan Timeout,
    IReadOnlyList<int> StatusCodesForReady, bool PreserveLastResponse)
{
    public static ReadinessCheckSpec From(JsonObject r) => new(
        Str(r["name"]) ?? "readinessCheck", Str(r["protocol"]) ?? "HTTP", Str(r["path"]) ?? "/", Str(r["portName"]) ?? "",
        TimeSpan.FromSeconds(Num(r["intervalSeconds"]) ?? 30), TimeSpan.FromSeconds(Num(r["timeoutSeconds"]) ?? 10),
        (Arr(r["httpStatusCodesForReady"]) ?? []).Select(c => (int)(Num(c) ?? 200)).ToList(),
        Bool(r["preserveLastResponse"]) ?? false);
}

/// <summary>Relaunch delay after failures: backoffSeconds, ×backoffFactor per failure, capped at maxLaunchDelaySeconds.</summary>
public sealed record Backoff(double Seconds, double Factor, double MaxSeconds)
{
    public TimeSpan Next(TimeSpan? current, TimeSpan? cap)
    {
        var next = current is { } c ? TimeSpan.FromSeconds(c.TotalSeconds * Factor) : TimeSpan.FromSeconds(Seconds);
        var max = Max(cap);
        return next > max ? max : next;
    }

    /// <summary>The app's maxLaunchDelaySeconds, lowered to <paramref name="cap"/> when the emulator is given one.</summary>
    public TimeSpan Max(TimeSpan? cap)
    {
        var max = TimeSpan.FromSeconds(MaxSeconds);
        return cap is { } k && k < max ? k : max;
    }
}

/// <summary>
/// What Marathon does with a TASK_UNREACHABLE instance (state/UnreachableStrategy.scala): after inactiveAfterSeconds it no
/// longer counts and a replacement is launched; after expungeAfterSeconds it is forgotten. "disabled" keeps it forever.
/// </summary>
public sealed record UnreachableStrategy(TimeSpan? InactiveAfter, TimeSpan? ExpungeAfter)
{
    public static UnreachableStrategy From(JsonNode? node) =>
        Obj(node) is { } strategy
            ? new(TimeSpan.FromSeconds(Num(strategy["inactiveAfterSeconds"]) ?? 0), TimeSpan.FromSeconds(Num(strategy["expungeAfterSeconds"]) ?? 0))
            : Str(node) == "disabled" ? new(null, null) : new(TimeSpan.Zero, TimeSpan.Zero);
}
