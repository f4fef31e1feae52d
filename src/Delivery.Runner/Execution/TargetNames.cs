namespace Delivery.Runner.Execution;

/// <summary>Target names match ignoring case and dashes, so <c>push-image</c> finds <c>PushImage</c>.</summary>
internal static class TargetNames
{
    public static string Normalize(string name) => name.Replace("-", string.Empty).ToLowerInvariant();

    public static ExecutableTarget? Find(IEnumerable<ExecutableTarget> targets, string name) =>
        targets.FirstOrDefault(x => Normalize(x.Name) == Normalize(name));

    /// <summary>Resolves user-typed names, or fails with one line that lists the valid targets.</summary>
    public static List<ExecutableTarget> Resolve(IReadOnlyList<ExecutableTarget> targets, IEnumerable<string> names, string what)
    {
        var resolved = new List<ExecutableTarget>();
        foreach (var name in names)
        {
            var target = Find(targets, name)
                ?? throw new BuildException(
                    $"Unknown {what} '{name}'.{Suggestion(targets, name)} Valid targets: {string.Join(", ", targets.Where(x => x.IsListed).Select(x => x.Name))}.");
            if (!resolved.Contains(target))
                resolved.Add(target);
        }
        return resolved;
    }

    // A typo close to one name (a third of its letters at most) is most likely that name.
    static string Suggestion(IReadOnlyList<ExecutableTarget> targets, string name)
    {
        var typed = Normalize(name);
        var closest = targets.Where(x => x.IsListed).MinBy(x => Parameters.ParameterNaming.Distance(Normalize(x.Name), typed));
        return closest is not null && Parameters.ParameterNaming.Distance(Normalize(closest.Name), typed) <= Math.Max(2, typed.Length / 3)
            ? $" Did you mean '{closest.Name}'?"
            : string.Empty;
    }
}
