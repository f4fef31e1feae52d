using System.Text.RegularExpressions;

namespace Delivery.Runner.CI;

/// <summary>One job of a configuration: its id, its <see cref="CIConfigurationAttribute.JobPerFile"/> value (or null), and
/// the command it runs.</summary>
internal sealed partial record CIJob(string Id, string? Value, string Command)
{
    /// <summary>The jobs an attribute declares, in a stable order: one, or one per matching file sorted by name.</summary>
    public static IReadOnlyList<CIJob> Expand(CIConfigurationAttribute attribute, AbsolutePath root)
    {
        if (attribute.InvokedTargets.Length == 0)
            throw new BuildException($"CI configuration '{attribute.Name}' invokes no target: set InvokedTargets.");
        if (attribute.JobPerFile is null)
            return [new CIJob(attribute.Name, null, CommandFor(attribute, null))];
        if (string.IsNullOrWhiteSpace(attribute.JobParameter))
            throw new BuildException($"CI configuration '{attribute.Name}' has JobPerFile but no JobParameter to pass the file's name as.");
        return Values(attribute, root)
            .Select(value => new CIJob($"{attribute.Name}-{value}", value, CommandFor(attribute, value)))
            .ToList();
    }

    /// <summary>The text with <c>{parameter}</c> replaced by this job's value.</summary>
    public static string Fill(CIConfigurationAttribute attribute, string? value, string text) =>
        value is null || attribute.JobParameter is null ? text : text.Replace("{" + attribute.JobParameter + "}", value, StringComparison.Ordinal);

    static string CommandFor(CIConfigurationAttribute attribute, string? value)
    {
        var parts = new List<string> { "./build.sh" };
        parts.AddRange(attribute.InvokedTargets);
        if (value is not null)
            parts.Add($"--{attribute.JobParameter} {value}");
        if (!string.IsNullOrWhiteSpace(attribute.Arguments))
            parts.Add(Fill(attribute, value, attribute.Arguments.Trim()));
        return string.Join(" ", parts);
    }

    static List<string> Values(CIConfigurationAttribute attribute, AbsolutePath root)
    {
        var pattern = attribute.JobPerFile!.Replace('\\', '/');
        var folder = Path.GetDirectoryName(pattern) ?? "";
        var directory = root / folder;
        if (!Directory.Exists(directory))
            throw new BuildException($"CI configuration '{attribute.Name}': JobPerFile '{pattern}' names a folder that does not exist ({directory}).");
        var values = Directory.EnumerateFiles(directory, Path.GetFileName(pattern), SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileNameWithoutExtension)
            .Select(x => x!)
            .Order(StringComparer.Ordinal)
            .ToList();
        // The value lands in a job id, a concurrency group and a shell command: only names that need no quoting anywhere.
        foreach (var value in values.Where(x => !SafeValue().IsMatch(x)))
            throw new BuildException($"CI configuration '{attribute.Name}': the file name '{value}' (from {pattern}) cannot name a job; use letters, digits, '-' and '_'.");
        if (values.Count == 0)
            throw new BuildException($"CI configuration '{attribute.Name}': no file matches JobPerFile '{pattern}'.");
        return values;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex SafeValue();
}
