using Delivery.Runner;

/// <summary>
/// Delivery's build program: <c>./build.sh &lt;Target&gt; [--parameters]</c>. Targets are verbs, split into partial
/// files by concern (Build.Sandbox.cs, Build.Image.cs, …). This file holds the entry point and the targets that
/// build and test the solution itself.
/// </summary>
partial class Build : BuildProgram
{
    public static int Main(string[] args) => Execute<Build>(args, x => x.Compile);

    /// <summary>A bad option, value, file or requirement exits 2 (<see cref="Delivery.Engine.DeliveryExit.BadInput"/>), as every verb's bad input does.</summary>
    protected override int InvocationErrorExitCode => (int)Delivery.Engine.DeliveryExit.BadInput;

    [Parameter("Build configuration: Debug or Release. Default: Debug on a terminal, Release on a CI server.")]
    readonly Configuration Configuration = IsLocalBuild ? Configuration.Debug : Configuration.Release;

    [Parameter("Test filter passed to 'dotnet test --filter', e.g. FullyQualifiedName~Planner. Benchmarks run only when named here.")]
    readonly string? TestFilter;

    [Solution] readonly Solution Solution;
    AbsolutePath TestResultsDirectory => TemporaryDirectory / "test-results";

    public Target Clean => _ => _
        .Description("Deletes bin/ and obj/ of every project and the test results.")
        .Before(Restore)
        .Executes(() =>
        {
            var removed = 0;
            foreach (var folder in new[] { "src", "tests", "build" })
            foreach (var output in Directory.EnumerateDirectories(RootDirectory / folder, "*", SearchOption.AllDirectories)
                         .Where(d => Path.GetFileName(d) is "bin" or "obj")
                         .Where(d => !IsRunningBuildOutput(d))
                         .ToList())
            {
                if (!Directory.Exists(output)) continue;
                Directory.Delete(output, recursive: true);
                removed++;
            }
            if (Directory.Exists(TestResultsDirectory)) Directory.Delete(TestResultsDirectory, recursive: true);
            ReportSummary("Removed", $"{removed} folders");
        });

    public Target Restore => _ => _
        .Description("Restores the NuGet packages of the solution.")
        .Requires(() => Solution)
        .Executes(ct => DotNet($"restore {Quote(Solution)}", ct));

    public Target Compile => _ => _
        .Description("Builds the solution (the build program itself is built by build.sh).")
        .DependsOn(Restore)
        .Before(Sandbox)
        .Requires(() => Solution)
        .Executes(ct => DotNet($"build {Quote(Solution)} --no-restore -c {Configuration} -nologo -clp:NoSummary", ct));

    public Target Test => _ => _
        .Description("Runs the whole test suite, with the local sandbox up; --test-filter passes a filter through.")
        .DependsOn(Compile, Sandbox)
        .Requires(() => Solution)
        .Executes(async ct =>
        {
            if (Directory.Exists(TestResultsDirectory)) Directory.Delete(TestResultsDirectory, recursive: true);
            var filter = string.IsNullOrWhiteSpace(TestFilter) ? "Category!=Benchmark" : TestFilter;
            var exitCode = await DotNetExitCode(
                $"test {Quote(Solution)} --no-build -c {Configuration} --filter {Quote(filter)} " +
                $"--logger trx --results-directory {Quote(TestResultsDirectory)}", ct,
                new Dictionary<string, string>
                {
                    // Tests that need the sandbox find it here; the Marathon client's live tests run against the emulator.
                    ["DELIVERY_SANDBOX_DIR"] = SandboxLayout.StateDirectory,
                    ["DELIVERY_TEST_MARATHON_URL"] = SandboxLayout.MarathonUrl,
                    ["DELIVERY_TEST_PROMETHEUS_URL"] = SandboxLayout.PrometheusUrl,
                    ["DELIVERY_TEST_PUSHGATEWAY_URL"] = SandboxLayout.PushgatewayUrl,
                });
            var counts = TestResults.Read(TestResultsDirectory);
            Log.Information(counts.ToString());
            ReportSummary("Passed", counts.Passed.ToString());
            if (counts.Failed > 0) ReportSummary("Failed", counts.Failed.ToString());
            if (counts.Skipped > 0) ReportSummary("Skipped", counts.Skipped.ToString());
            if (exitCode != 0 || counts.Failed > 0)
                throw new TestsFailedException(counts.Failed > 0
                    ? $"{counts.Failed} of {counts.Total} tests failed (results in {TestResultsDirectory})."
                    : $"dotnet test exited with {exitCode} (results in {TestResultsDirectory}).");
            if (counts.Total == 0)
                throw new TestsFailedException($"No test ran with the filter '{filter}'.");
        });

    // The build program's own output is in use while it runs; Clean leaves it to build.sh.
    bool IsRunningBuildOutput(string directory) =>
        Path.GetFullPath(AppContext.BaseDirectory).StartsWith(Path.GetFullPath(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}

enum Configuration { Debug, Release }
