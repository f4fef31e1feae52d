using System.Text.Json;
using Delivery.Engine;
using Xunit.Abstractions;

namespace Delivery.EndToEnd.Tests;

/// <summary>
/// <c>./build.sh Deploy</c> without <c>--app</c> on a repository of two pipelines, through the real build program: the
/// one whose image cannot be prepared fails, the other still goes live, the exit code is the failure's, and
/// <c>--report</c> holds both runs.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class EveryPipelineTests(SandboxFixture sandbox, ITestOutputHelper output) : SandboxTest(sandbox, output)
{
    [Fact(Timeout = 240_000)]
    public async Task Deploy_EveryPipeline_OneFailingDoesNotStopTheOther()
    {
        var group = "multi-" + Guid.NewGuid().ToString("N")[..6];
        using var repository = new TestRepository(SandboxLocator.RepositoryRoot(), group);
        var pipelines = Path.Combine(repository.Root, "pipelines");
        File.WriteAllText(Path.Combine(pipelines, "broken.yaml"), File.ReadAllText(Path.Combine(pipelines, "lobby.yaml"))
            .Replace("name: lobby", "name: broken").Replace("repository: games/lobby", "repository: games/broken")
            .Replace("marathon/lobby.json", "marathon/broken.json")
            .Replace("prepare: dotnet publish", "prepare: false && dotnet publish"));
        File.WriteAllText(Path.Combine(pipelines, "marathon", "broken.json"),
            File.ReadAllText(Path.Combine(pipelines, "marathon", "lobby.json")).Replace($"\"/{group}/lobby\"", $"\"/{group}/broken\""));
        repository.Commit("A second pipeline whose image cannot be prepared");
        repository.LinkSandbox(Sandbox.SandboxDirectory);
        var report = Path.Combine(repository.Root, ".nuke", "temp", "every.json");
        try
        {
            var deploy = await BuildAsync(repository.Root, "Deploy", "--report", report);

            Assert.Equal((int)DeliveryExit.Failed, deploy.Code);
            Assert.Contains("Target 'Deploy' failed: Prepare the image of broken failed", deploy.Output);
            Assert.Contains("broken: Failed, lobby: Promoted", deploy.Output);
            using var runs = JsonDocument.Parse(File.ReadAllText(report));
            var outcomes = runs.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("pipeline").GetString()!, r => r.GetProperty("outcome").GetString());
            Assert.Equal("Promoted", outcomes["lobby"]);
            Assert.Equal("Failed", outcomes["broken"]);
            Assert.NotNull(await Sandbox.Marathon.GetAppAsync($"/{group}/lobby"));
            Assert.Null(await Sandbox.Marathon.GetAppAsync($"/{group}/broken"));
        }
        finally
        {
            foreach (var app in await Sandbox.Marathon.ListAppsAsync())
                if (app.Id.StartsWith($"/{group}/", StringComparison.Ordinal)) await Sandbox.Marathon.DeleteAppAsync(app.Id);
        }
    }
}
