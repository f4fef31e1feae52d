using Delivery.Docker;

namespace Delivery.Tests.Docker;

public class PushOutputTests
{
    [Fact]
    public void Observe_EnginePushMessages_SortsLayersAndReadsDigest()
    {
        var output = new PushOutput();

        output.Observe("aaaaaaaaaaaa", "Preparing", null);
        output.Observe("aaaaaaaaaaaa", "Pushed", null);
        output.Observe("bbbbbbbbbbbb", "Layer already exists", null);
        output.Observe("cccccccccccc", "Mounted from games/chat", null);
        var line = output.Observe(null, "abc: digest: sha256:" + new string('e', 64) + " size: 527", null);

        Assert.Equal(["aaaaaaaaaaaa"], output.Pushed);
        Assert.Equal(["bbbbbbbbbbbb", "cccccccccccc"], output.Existing.Order());
        Assert.Equal("sha256:" + new string('e', 64), output.Digest!.ToString());
        Assert.NotNull(line);
    }

    [Fact]
    public void Observe_Error_KeepsItAndShowsNoLine()
    {
        var output = new PushOutput();

        var line = output.Observe(null, null, "tag invalid: The image tag 'x' already exists");

        Assert.Null(line);
        Assert.StartsWith("tag invalid", output.Error);
    }
}
