using Delivery.Core.Canary;
using Delivery.Core.Pipelines;
using Delivery.Git;

namespace Delivery.Tests.Git;

public class PipelineChangesTests
{
    private static Pipeline Pipeline(string name, string source) => new(
        name, source, new ImageSpec($"games/{name}", source, $"{source}/Dockerfile", new Dictionary<string, string>()),
        new MarathonAppSpec($"/games/{name}", $"marathon/{name}.json", "{}"), null, 2, new CanaryPolicy());

    [Fact]
    public void Between_SourceOfOneAndYamlOfAnother_ReturnsBoth()
    {
        using var repo = new TempRepository();
        repo.Write("src/Lobby/a.txt", "1");
        repo.Write("src/Chat/b.txt", "1");
        repo.Write("src/Shop/c.txt", "1");
        repo.Write("pipelines/chat.yaml", "name: chat");
        var from = repo.Commit("first");
        repo.Write("src/Lobby/a.txt", "2");
        repo.Write("pipelines/chat.yaml", "name: chat # tuned");
        var to = repo.Commit("second");

        var changed = PipelineChanges.Between(new LibGit2Repository(), repo.Root, from, to,
            [Pipeline("lobby", "src/Lobby"), Pipeline("chat", "src/Chat"), Pipeline("shop", "src/Shop")]);

        Assert.Equal(["lobby", "chat"], changed.Select(p => p.Name));
    }
}
