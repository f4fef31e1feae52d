using System.Text.Json.Nodes;
using Delivery.Core.Values;
using Delivery.Images;

namespace Delivery.Tests.Images;

public class ImageReportTests
{
    [Fact]
    public void ToJson_PushedRelease_CarriesCommitDigestFiguresAndTimings()
    {
        var commit = new CommitId(new string('a', 40));
        var digest = Digest.Parse("sha256:" + new string('b', 64));
        var outcome = new ImageOutcome(ImageOutcomeKind.Pushed,
            new Release("lobby", commit, ImageReference.Parse("127.0.0.1:18444/games/lobby").Pinned(digest)),
            commit.Value, commit, false, "sha256:" + new string('c', 64), false,
            new PushStatistics(1234, 2, 5, 99999), new Dictionary<string, TimeSpan> { ["push"] = TimeSpan.FromMilliseconds(1500) });

        var json = JsonNode.Parse(ImageReport.ToJson([ImageReport.From("lobby", outcome)]))!;

        var entry = json["pipelines"]![0]!;
        Assert.Equal("Succeeded", json["outcome"]!.GetValue<string>());
        Assert.Equal("Pushed", entry["outcome"]!.GetValue<string>());
        Assert.Equal(commit.Value, entry["release"]!["commit"]!.GetValue<string>());
        Assert.Equal(digest.ToString(), entry["release"]!["imageDigest"]!.GetValue<string>());
        Assert.Equal(1234, entry["push"]!["bytesUploaded"]!.GetValue<long>());
        Assert.Equal(5, entry["push"]!["blobsSkipped"]!.GetValue<int>());
        Assert.Equal(1.5, entry["timingsSeconds"]!["push"]!.GetValue<double>());
    }

    [Fact]
    public void ToJson_OneFailure_OverallFailedWithReason()
    {
        var json = JsonNode.Parse(ImageReport.ToJson([ImageReport.Failed("lobby", "Bake lobby failed: no Dockerfile")]))!;

        Assert.Equal("Failed", json["outcome"]!.GetValue<string>());
        Assert.Equal("Bake lobby failed: no Dockerfile", json["pipelines"]![0]!["reason"]!.GetValue<string>());
    }
}
