using System.Security.Cryptography;
using System.Text;

namespace Delivery.Runner.Execution;

/// <summary>
/// <c>--continue</c>: remembers which targets succeeded, in <c>.nuke/temp/build-attempt.log</c>, and skips
/// them next time if the build was invoked the same way. The invocation is stored as a hash because the
/// command line may hold secrets.
/// </summary>
internal sealed class AttemptLog(AbsolutePath root, IReadOnlyList<string> arguments)
{
    public const string Reason = "succeeded in the previous attempt";

    AbsolutePath File => root / ".nuke" / "temp" / "build-attempt.log";

    readonly string _invocation = Hash(arguments.Where(x => !IsContinue(x)));

    /// <summary>Marks targets that succeeded last time as Skipped; false when there is nothing to continue.</summary>
    public bool Continue(IReadOnlyList<ExecutableTarget> plan)
    {
        if (!System.IO.File.Exists(File))
            return false;
        var lines = System.IO.File.ReadAllLines(File);
        if (lines.Length == 0 || lines[0] != _invocation)
            return false;
        var succeeded = lines.Skip(1).ToHashSet(StringComparer.Ordinal);
        foreach (var target in plan.Where(x => x.Status == ExecutionStatus.Scheduled && succeeded.Contains(x.Name)))
        {
            target.Status = ExecutionStatus.Skipped;
            target.SkipReason = Reason;
        }
        return true;
    }

    public void Record(IReadOnlyList<ExecutableTarget> plan)
    {
        var done = plan
            .Where(x => x.Status is ExecutionStatus.Succeeded or ExecutionStatus.Collective || x.SkipReason == Reason)
            .Select(x => x.Name);
        Directory.CreateDirectory(File.Parent);
        System.IO.File.WriteAllLines(File, done.Prepend(_invocation));
    }

    static bool IsContinue(string argument) => argument.Equals("--continue", StringComparison.OrdinalIgnoreCase);

    static string Hash(IEnumerable<string> arguments) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", arguments))));
}
