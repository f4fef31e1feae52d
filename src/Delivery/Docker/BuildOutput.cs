using System.Text;
using System.Text.RegularExpressions;

namespace Delivery.Docker;

/// <summary>
/// Follows the classic builder's output (<c>Step 3/7 : RUN …</c>, <c> ---&gt; Using cache</c>, the command's own
/// lines) so a failure can name the step that failed and quote what it printed.
/// </summary>
internal sealed partial class BuildOutput
{
    private readonly List<string> _stepLines = [];
    public string? CurrentStep { get; private set; }
    public int Steps { get; private set; }
    public int CachedSteps { get; private set; }
    public string? ImageId { get; private set; }
    private readonly StringBuilder _partial = new();

    /// <summary>Feeds one chunk of the <c>stream</c> field; returns the complete lines it finished.</summary>
    public IReadOnlyList<string> Add(string chunk)
    {
        _partial.Append(chunk);
        var text = _partial.ToString();
        var last = text.LastIndexOf('\n');
        if (last < 0) return [];
        _partial.Clear().Append(text[(last + 1)..]);
        var lines = text[..last].Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        foreach (var line in lines) Observe(line);
        return lines;
    }

    private void Observe(string line)
    {
        if (StepPattern().IsMatch(line))
        {
            CurrentStep = line.Trim();
            Steps++;
            _stepLines.Clear();
            return;
        }
        if (line.Trim() == "---> Using cache") CachedSteps++;
        var built = BuiltPattern().Match(line);
        if (built.Success) ImageId = built.Groups[1].Value;
        if (!line.TrimStart().StartsWith("--->", StringComparison.Ordinal)) _stepLines.Add(line.Trim());
    }

    /// <summary>The last lines the failing step printed, for the error message.</summary>
    public IReadOnlyList<string> TailOfStep(int count) => _stepLines.TakeLast(count).ToList();

    [GeneratedRegex(@"^Step \d+/\d+ : ")]
    private static partial Regex StepPattern();

    [GeneratedRegex(@"^Successfully built ([0-9a-f]{12,64})\s*$")]
    private static partial Regex BuiltPattern();
}
