using System.Text.Json;
using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Program;

/// <summary><c>./build.sh Status --json | jq</c>: standard output holds the JSON alone.</summary>
public sealed class JsonOutputTests : IDisposable
{
    readonly BuildRun _run = new();

    [Fact]
    public void Run_Json_StdoutIsOnlyTheJsonAndTheRestGoesToStderr()
    {
        _run.Run(new StatusBuild(), ["Status", "--json"], ["Status"]);

        Assert.Equal(0, _run.ExitCode);
        using var document = JsonDocument.Parse(_run.Output);
        Assert.Equal("up", document.RootElement.GetProperty("sandbox").GetString());
        Assert.Contains("Reading the status", _run.ErrorOutput);
        Assert.Contains("Status              Succeeded", _run.ErrorOutput);
        Assert.Contains("Build succeeded on", _run.ErrorOutput);
    }

    [Fact]
    public void Run_WithoutJson_EverythingGoesToStdout()
    {
        _run.Run(new StatusBuild(), ["Status"], ["Status"]);

        Assert.Contains("Reading the status", _run.Output);
        Assert.Contains("sandbox: up", _run.Output);
        Assert.Empty(_run.ErrorOutput);
    }

    [Fact]
    public void Run_JsonWithAMistake_ExplainsOnStderrAndLeavesStdoutEmpty()
    {
        _run.Run(new StatusBuild(), ["Statsu", "--json"], ["Status"]);

        Assert.Equal(1, _run.ExitCode);
        Assert.Empty(_run.Output);
        Assert.StartsWith("Unknown target 'Statsu'. Did you mean 'Status'?", _run.ErrorOutput);
    }

    sealed class StatusBuild : TestBuild
    {
        public Target Status => _ => _.Executes(() =>
        {
            Log.Information("Reading the status");
            if (Json)
                StandardOutput.WriteLine("""{ "sandbox": "up" }""");
            else
                Log.Information("sandbox: up");
            ReportSummary("Sandbox", "up");
        });
    }

    public void Dispose() => _run.Dispose();
}
