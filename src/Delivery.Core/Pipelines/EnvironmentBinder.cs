using System.Text.RegularExpressions;
using Delivery.Core.Pipelines.Config;
using Delivery.Core.Values;

namespace Delivery.Core.Pipelines;

/// <summary>
/// Turns <c>pipelines/environments/&lt;env&gt;.yaml</c> into a <see cref="DeliveryEnvironment"/>. Credentials are never
/// in the file: it names the environment variables that hold them.
/// </summary>
public static partial class EnvironmentBinder
{
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Keys => PipelineKeys.Environment;

    /// <param name="files">The repository, to check that hook programs exist; null skips that check.</param>
    public static DeliveryEnvironment? Bind(ConfigNode root, string name, ConfigErrors errors, IConfigFiles? files = null)
    {
        var before = errors.Items.Count;
        if (MappingReader.Of(root, errors, Keys[""], "the environment") is not { } top) return null;
        if (top.Get("name") is { } nameNode && ConfigValues.Text(nameNode, errors) is { } written && written != name)
            errors.Add(nameNode.Span, $"the name '{written}' differs from the file name", $"'{name}' (or no name key)");
        var sandbox = top.Boolean("sandbox") ?? false;
        var marathon = BindMarathon(top, errors);
        var ecr = BindEcr(top, errors);
        var prometheus = top.Url("prometheus");
        var zones = BindZones(top, errors);
        var hooks = top.Sequence("hooks", expected: "a list of hooks") is { } list ? HooksBinder.Bind(list, Keys["hooks[]"], files, errors) : [];
        var notifications = top.Sequence("notifications", expected: "a list of sinks such as {kind: slack, urlVariable: SLACK_DEPLOYS_URL}") is { } sinks
            ? NotificationsBinder.Bind(sinks, Keys["notifications[]"], errors) : [];
        var metrics = NotificationsBinder.BindMetrics(top, Keys["metrics"]);
        if (errors.Items.Count > before || marathon is null || ecr is null || zones is null) return null;
        return new DeliveryEnvironment(name, ecr, marathon, prometheus, zones, sandbox) { Hooks = hooks, Notifications = notifications, Metrics = metrics };
    }

    private static MarathonEndpoint? BindMarathon(MappingReader top, ConfigErrors errors)
    {
        if (top.Mapping("marathon", Keys["marathon"], required: true) is not { } marathon) return null;
        var url = marathon.Url("url", required: true);
        var user = Variable(marathon, "usernameVariable", errors);
        var password = Variable(marathon, "passwordVariable", errors);
        // Presence, not validity: a misspelt variable name is reported once, by Variable.
        if ((marathon.Get("usernameVariable") is null) != (marathon.Get("passwordVariable") is null))
            errors.Add(marathon.Span, "only one of usernameVariable and passwordVariable is set", "both (HTTP basic auth) or neither");
        return url is null ? null : new MarathonEndpoint(url, user, password);
    }

    internal static string? Variable(MappingReader map, string key, ConfigErrors errors,
        string expected = "the name of an environment variable, e.g. MARATHON_PASSWORD (never the secret itself)", bool required = false)
    {
        var name = map.Text(key, required, expected);
        if (name is null || VariablePattern().IsMatch(name)) return name;
        errors.Add(map.Get(key)!.Span, $"'{key}' is not an environment variable name", expected);
        return null;
    }

    private static EcrSpec? BindEcr(MappingReader top, ConfigErrors errors)
    {
        if (top.Mapping("ecr", Keys["ecr"], required: true) is not { } ecr) return null;
        var account = ecr.Text("account", required: true, expected: "a 12-digit AWS account id");
        if (account is not null && !AccountPattern().IsMatch(account))
        {
            errors.Add(ecr.Get("account")!.Span, $"'{account}' is not an AWS account id", "12 digits, quoted so YAML keeps leading zeros: \"000000000000\"");
            account = null;
        }
        var region = ecr.Text("region", required: true, expected: "an AWS region such as us-east-1");
        if (region is not null && !RegionPattern().IsMatch(region))
        {
            errors.Add(ecr.Get("region")!.Span, $"'{region}' is not an AWS region", "an AWS region such as us-east-1");
            region = null;
        }
        var endpoint = ecr.Url("endpoint");
        var profile = ecr.Text("profile", expected: "an AWS profile name");
        return account is null || region is null ? null : new EcrSpec(account, region, endpoint, profile);
    }

    private static IReadOnlyList<Zone>? BindZones(MappingReader top, ConfigErrors errors)
    {
        const string expected = "a list of zone names such as [us-east-1a, us-east-1b, us-east-1c]";
        if (top.Sequence("zones", required: true, expected) is not { } list) return null;
        if (list.Items.Count == 0)
        {
            errors.Add(list.Span, "the environment has no zones", expected);
            return null;
        }
        var zones = new List<Zone>();
        foreach (var item in list.Items)
            if (ConfigValues.Text(item, errors, "a zone name") is { } text && PipelineBinder.ZoneText(text, item.Span, errors, out var zone))
            {
                if (zones.Contains(zone)) errors.Add(item.Span, $"zone {zone} is listed twice", "each zone once");
                else zones.Add(zone);
            }
        return zones;
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariablePattern();
}
