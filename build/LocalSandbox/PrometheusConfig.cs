using System.Text.RegularExpressions;
using Delivery.Sandbox.Contract;

namespace LocalSandbox;

/// <summary>
/// prometheus.yml for the sandbox. Marathon discovery gives <c>__meta_marathon_app</c>, <c>__meta_marathon_task</c>,
/// <c>__meta_marathon_image</c>, <c>__meta_marathon_app_label_*</c> and <c>__meta_marathon_port_index</c>, but no zone:
/// every emulated agent has its own loopback address, so the zone is derived from the task's address, one rule per agent.
/// </summary>
public static class PrometheusConfig
{
    /// <param name="pushgateway">host:port of the sandbox's Pushgateway, scraped with <c>honor_labels: true</c> so that
    /// the pushed <c>job</c>, <c>pipeline</c> and <c>environment</c> labels are kept (prometheus.io/docs/practices/pushing).</param>
    public static string Render(SandboxStatus host, TimeSpan interval, string? pushgateway = null)
    {
        var seconds = $"{Math.Max(1, (int)interval.TotalSeconds)}s";
        var lines = new List<string>
        {
            "# Written by ./build.sh Sandbox; edits are overwritten.",
            "global:",
            $"  scrape_interval: {seconds}",
            $"  evaluation_interval: {seconds}",
            $"  scrape_timeout: {seconds}",
            "scrape_configs:",
            "  - job_name: marathon-tasks",
            "    metrics_path: /metrics",
            "    marathon_sd_configs:",
            $"      - servers: [\"{host.Marathon.Url}\"]",
            $"        refresh_interval: {seconds}",
        };
        if (pushgateway is not null)
            lines.InsertRange(lines.IndexOf("  - job_name: marathon-tasks"),
            [
                "  - job_name: pushgateway",
                "    honor_labels: true",
                "    static_configs:",
                $"      - targets: [\"{pushgateway}\"]",
            ]);
        if (host.Marathon.Username is { } user)
            lines.AddRange(["        basic_auth:", $"          username: \"{user}\"", $"          password: \"{host.Marathon.Password}\""]);
        lines.AddRange(
        [
            "    relabel_configs:",
            "      # Only the first port of a task serves /metrics (portDefinitions[0], by convention of our services).",
            .. Rule("__meta_marathon_port_index", regex: "0", action: "keep"),
            .. Rule("__meta_marathon_app", target: "app"),
            .. Rule("__meta_marathon_task", target: "task"),
            .. Rule("__meta_marathon_image", target: "image"),
            .. Rule("__meta_marathon_app_label_service", target: "service"),
            "      # An app without a track label is the stable one (the canary app always carries track=canary).",
            .. Rule("__meta_marathon_app_label_track", regex: "^$", replacement: "stable", target: "track"),
            .. Rule("__meta_marathon_app_label_track", regex: "(.+)", target: "track"),
            .. Rule("__meta_marathon_app_label_release", target: "release"),
        ]);
        foreach (var agent in host.Agents)
            lines.AddRange(Rule("__address__", regex: Regex.Escape(agent.Hostname).Replace("\\", "\\\\") + ":[0-9]+", replacement: agent.Zone, target: "zone"));
        return string.Join('\n', lines) + "\n";
    }

    private static IEnumerable<string> Rule(string source, string? regex = null, string? replacement = null, string? target = null, string? action = null)
    {
        yield return $"      - source_labels: [{source}]";
        if (regex is not null) yield return $"        regex: \"{regex}\"";
        if (replacement is not null) yield return $"        replacement: \"{replacement}\"";
        if (target is not null) yield return $"        target_label: {target}";
        if (action is not null) yield return $"        action: {action}";
    }
}
