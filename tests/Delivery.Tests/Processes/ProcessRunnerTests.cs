using System.Diagnostics;
using Delivery.Core;
using Delivery.Images;
using Delivery.Processes;

namespace Delivery.Tests.Processes;

public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task Run_BothStreams_EveryLineHeardAndKeptWithTheExitCode()
    {
        var heard = new List<string>();

        var result = await ProcessRunner.RunAsync(new ProcessStartInfo("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"]),
            CancellationToken.None, heard.Add);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(["err", "out"], heard.Order());
        Assert.Equal(["err", "out"], result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public async Task Run_Cancelled_StopsTheProcessAndThrows()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ProcessRunner.RunAsync("/bin/sleep", ["30"], cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task RunChecked_Fails_NamesTheActionTheToolAndItsLastLines()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ProcessRunner.RunCheckedAsync("say no", "/bin/sh", ["-c", "echo no; exit 1"], CancellationToken.None));

        Assert.Equal("Tried to say no but `/bin/sh -c echo no; exit 1` exited with 1:\nno", error.Message);
    }

    [Fact]
    public async Task Prepare_Fails_OneLineWithTheCommandAndTheOutputTail()
    {
        var progress = new List<string>();

        var error = await Assert.ThrowsAsync<DeliveryException>(() => PrepareCommand.RunAsync("lobby", "echo building; exit 2",
            Path.GetTempPath(), new Listed(progress), CancellationToken.None));

        Assert.Equal("Prepare the image of lobby failed: 'echo building; exit 2' exited with code 2. Output: building", error.Message);
        Assert.Equal(["building"], progress);
    }

    private sealed class Listed(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
