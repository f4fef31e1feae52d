using Delivery.Core.Hooks;
using Delivery.Core.Pipelines.Config;

namespace Delivery.Core.Pipelines;

/// <summary>
/// Maps a <c>hooks:</c> list (in a pipeline or an environment) onto <see cref="HookSpec"/>s. A command's program, when
/// it is a path inside the repository, must exist: a hook that cannot start would otherwise fail only mid-canary.
/// </summary>
public static class HooksBinder
{
    private const string PhaseExpected = "pre-rollout, during-analysis, confirm-promotion or post-rollout";

    /// <param name="keys">The loader's key table of the file kind (pipeline or environment).</param>
    public static IReadOnlyList<HookSpec> Bind(ConfigSequence list, IReadOnlyList<string> keys, IConfigFiles? files, ConfigErrors errors)
    {
        var hooks = new List<HookSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            if (MappingReader.Of(item, errors, keys, "a hook") is not { } hook) continue;
            var name = hook.Text("name", required: true, expected: "a short name such as smoke");
            if (name is not null && !AnalysisBinder.NamePattern().IsMatch(name))
            {
                errors.Add(hook.Get("name")!.Span, $"'{name}' is not a hook name", "lowercase letters, digits and dashes, e.g. smoke");
                name = null;
            }
            else if (name is not null && !names.Add(name))
                errors.Add(hook.Get("name")!.Span, $"hook '{name}' is declared twice", "unique hook names");
            var phase = hook.Get("on", required: true, PhaseExpected) is { } on ? Phase(on, errors) : null;
            var hasCommand = hook.Get("command") is not null;
            var hasUrl = hook.Get("url") is not null;
            if (hasCommand == hasUrl)
                errors.Add(hook.Span, hasCommand ? "a hook has both command and url" : "a hook has neither command nor url",
                    "exactly one of command: [program, arguments...] or url: http(s)://...");
            var command = hasCommand ? Command(hook, files, errors) : null;
            var url = hasUrl ? hook.Url("url") : null;
            var timeout = hook.Duration("timeout") ?? (phase == HookPhase.DuringAnalysis ? TimeSpan.FromMinutes(30) : TimeSpan.FromMinutes(1));
            if (name is not null && phase is not null && (command is not null || url is not null) && hasCommand != hasUrl)
                hooks.Add(new HookSpec(name, phase.Value, command, url, timeout));
        }
        return hooks;
    }

    private static IReadOnlyList<string>? Command(MappingReader hook, IConfigFiles? files, ConfigErrors errors)
    {
        const string expected = "a list: the program, then its arguments, e.g. [bash, pipelines/hooks/smoke.sh]";
        if (hook.Sequence("command", expected: expected) is not { } list) return null;
        var words = list.Items.Select(item => ConfigValues.Text(item, errors, "a word of the command")).ToList();
        if (words.Count == 0) errors.Add(list.Span, "the command is empty", expected);
        if (words.Count == 0 || words.Any(w => w is null)) return null;
        var program = words[0]!;
        if (files is not null && program.Contains('/') && !program.StartsWith('/'))
        {
            var path = PipelineBinder.NormalizePath(program);
            if (path is null || !files.FileExists(path))
            {
                errors.Add(list.Items[0].Span, path is null ? $"'{program}' leaves the repository" : $"program '{program}' does not exist",
                    "a program on PATH or a file relative to the repository root");
                return null;
            }
        }
        return words!;
    }

    private static HookPhase? Phase(ConfigNode node, ConfigErrors errors)
    {
        switch (ConfigValues.Text(node, errors, PhaseExpected))
        {
            case "pre-rollout": return HookPhase.PreRollout;
            case "during-analysis": return HookPhase.DuringAnalysis;
            case "confirm-promotion": return HookPhase.ConfirmPromotion;
            case "post-rollout": return HookPhase.PostRollout;
            case null: return null;
            case var other:
                var hint = DidYouMean.Suggest(other, ["pre-rollout", "during-analysis", "confirm-promotion", "post-rollout"]);
                errors.Add(node.Span, $"'{other}' is not a hook phase" + (hint is null ? "" : $" (did you mean '{hint}'?)"), PhaseExpected);
                return null;
        }
    }
}
