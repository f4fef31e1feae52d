using System.Diagnostics;

namespace Delivery.Runner.Tests.CI;

/// <summary>
/// The two GitHub Actions validators of build/ci-validate (package.json and package-lock.json pin them):
/// @action-validator/cli (the workflow JSON schema) and @actions/workflow-parser (GitHub's own parser, which also
/// checks expressions and the contexts each key may use). Installed once with <c>npm ci</c> into the gitignored
/// node_modules there, and again only when the lock file is newer than the install. Needs Node.js and npm
/// (Debian: <c>apt-get install nodejs npm</c>) and the npm registry on first use.
/// </summary>
internal static class WorkflowValidators
{
    static readonly AbsolutePath Folder = Repository.Root / "build" / "ci-validate";
    static readonly Lazy<string?> Installed = new(Install);

    /// <summary>Runs both validators on a file: the exit code of each (0 = valid) and what it printed.</summary>
    public static (Result ActionValidator, Result WorkflowParser) Validate(string file)
    {
        if (Installed.Value is { } problem)
            Assert.Fail(problem);
        return (
            Run("node", [Folder / "node_modules" / "@action-validator" / "cli" / "cli.mjs", file], TimeSpan.FromMinutes(1)),
            Run("node", [Folder / "validate.mjs", file], TimeSpan.FromMinutes(1)));
    }

    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit code {ExitCode}: {Output}";
    }

    static string? Install()
    {
        var marker = Folder / "node_modules" / ".package-lock.json";
        if (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) >= File.GetLastWriteTimeUtc(Folder / "package-lock.json"))
            return null;
        // Two test processes may start at once; the first one installs, the other waits for it.
        using var gate = new Mutex(false, "delivery-ci-validate-npm-ci");
        bool owned;
        try { owned = gate.WaitOne(TimeSpan.FromMinutes(5)); }
        catch (AbandonedMutexException) { owned = true; }
        try
        {
            if (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) >= File.GetLastWriteTimeUtc(Folder / "package-lock.json"))
                return null;
            var result = Run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(5));
            return result.ExitCode == 0 ? null : $"npm ci in {Folder} failed with {result}";
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            return $"Validating the GitHub workflows needs Node.js 18+ and npm on PATH (Debian: apt-get install nodejs npm): {missing.Message}";
        }
        finally
        {
            if (owned) gate.ReleaseMutex();
        }
    }

    static Result Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true); // only the process this test started
            return new Result(-1, $"{program} did not finish within {timeout.TotalSeconds:0} s");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, (output.Result + error.Result).Trim());
    }
}
