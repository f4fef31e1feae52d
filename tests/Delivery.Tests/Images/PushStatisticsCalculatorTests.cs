using Delivery.Core.Values;
using Delivery.Docker;
using Delivery.Images;

namespace Delivery.Tests.Images;

public class PushStatisticsCalculatorTests
{
    private const string Manifest = """
        {"schemaVersion":2,"config":{"size":1000,"digest":"sha256:cc"},
         "layers":[{"size":30000000,"digest":"sha256:l0"},{"size":20000,"digest":"sha256:l1"},{"size":300,"digest":"sha256:l2"}]}
        """;

    private static readonly string[] DiffIds = ["sha256:" + new string('0', 64), "sha256:" + new string('1', 64), "sha256:" + new string('2', 64)];

    // Worked example: base layer (30 MB) already in the registry, the two app layers pushed:
    // uploaded = 20000 + 300 + config 1000 = 21300 bytes in 3 blobs; skipped 1; image = 30021300.
    [Fact]
    public void From_TopLayersPushed_CountsTheirCompressedSizesAndConfig()
    {
        var push = new PushResult(Digest.Parse("sha256:" + new string('d', 64)),
            new HashSet<string> { new string('1', 12), new string('2', 12) }, new HashSet<string> { new string('0', 12) }, DiffIds);

        var statistics = PushStatisticsCalculator.From(push, Manifest);

        Assert.Equal(new PushStatistics(21300, 3, 1, 30021300), statistics);
    }

    [Fact]
    public void From_NothingPushed_ZeroBytesEverythingSkipped()
    {
        var push = new PushResult(Digest.Parse("sha256:" + new string('d', 64)), new HashSet<string>(), new HashSet<string>(), DiffIds);

        Assert.Equal(new PushStatistics(0, 0, 4, 30021300), PushStatisticsCalculator.From(push, Manifest));
    }
}
