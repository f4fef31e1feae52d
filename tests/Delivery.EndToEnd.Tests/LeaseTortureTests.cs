using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Delivery.Core.Canary;
using Delivery.Engine;
using Delivery.Marathon;
using Xunit.Abstractions;

namespace Delivery.EndToEnd.Tests;

/// <summary>
/// The lease under torture on the sandbox's Marathon: 8 contenders (2 Rollbacks, 6 Deploys) take and give back one
/// pipeline's lease at least 200 times while the emulator delays 10% of writes by up to 10 s and loses 10% of write
/// answers after applying them. Each holder acts (a fence check, then a "write") twice per turn. Figures are printed.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class LeaseTortureTests(SandboxFixture sandbox, ITestOutputHelper output) : SandboxTest(sandbox, output)
{
    private const int Acquisitions = 200;

    private sealed record Act(int Contender, LeaseIntent Intent, long Epoch, long At);

    [Fact(Timeout = 900_000)]
    public async Task Lease_EightContendersUnderFaults_NeverTwoHoldersAndRollbacksAlwaysWin()
    {
        await Sandbox.ResetAsync();
        using var host = Host();
        var target = host.Targets(["lobby"])[0];
        using var faults = new HttpClient { BaseAddress = Sandbox.MarathonUrl };
        await AddFaultAsync(faults, """{"kind":"delay","fraction":0.1,"delayMs":0,"maxDelayMs":10000,"methods":["POST","PUT","DELETE"],"pathPrefix":"/v2/apps","durationSeconds":900}""");
        await AddFaultAsync(faults, """{"kind":"lose-answer","fraction":0.1,"methods":["POST","PUT","DELETE"],"pathPrefix":"/v2/apps","durationSeconds":900}""");
        var acts = new ConcurrentQueue<Act>();
        var epochs = new ConcurrentDictionary<long, int>();
        var waitedOnDeploy = new ConcurrentBag<string>();
        var hows = new ConcurrentQueue<string>();
        var lost = 0;
        var taken = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            // Its own bound (the shared one is for ordinary end-to-end tests); it stops by itself either way.
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(13));
            var contenders = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                var intent = i < 2 ? LeaseIntent.Rollback : LeaseIntent.Deploy;
                var name = $"{intent.ToString().ToLowerInvariant()}-{i}";
                var random = new Random(i);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
                var marathon = new MarathonHttpClient(http, Sandbox.MarathonUrl, TimeProvider.System);
                for (var turn = 0; Volatile.Read(ref taken) < Acquisitions && !stop.IsCancellationRequested; turn++)
                {
                    var progress = new ProgressLog(line =>
                    {
                        if (intent == LeaseIntent.Rollback && line.Contains("held by deploy-", StringComparison.Ordinal)) waitedOnDeploy.Add(line);
                    }, TimeProvider.System) { Interval = TimeSpan.Zero };
                    var keeper = new LeaseKeeper(marathon, target, new RunIdentity(name, $"{name}-{turn}", intent), progress, TimeProvider.System, TimeSpan.FromMilliseconds(200));
                    var lease = await keeper.AcquireAsync(TimeSpan.FromMinutes(3), stop.Token);
                    Interlocked.Increment(ref taken);
                    hows.Enqueue($"{clock.Elapsed.TotalSeconds:0.0}s {name}-{turn}: {keeper.How}");
                    if (!epochs.TryAdd(lease.Epoch, i))
                    {
                        var apps = await keeper.ReadAsync(CancellationToken.None);
                        Assert.Fail($"epoch {lease.Epoch} was taken twice (by {epochs.GetValueOrDefault(lease.Epoch)} and {i}); leases now: {string.Join("; ", apps)}; acquisitions: {string.Join(" | ", hows.TakeLast(12))}");
                    }
                    try
                    {
                        for (var step = 0; step < 2; step++)
                        {
                            await keeper.CheckAsync(stop.Token);
                            acts.Enqueue(new Act(i, intent, lease.Epoch, Stopwatch.GetTimestamp()));
                            await Task.Delay(random.Next(20, 150), stop.Token);
                        }
                        await keeper.ReleaseAsync(stop.Token);
                    }
                    catch (LeaseLostException)
                    {
                        Interlocked.Increment(ref lost);
                    }
                    // Rollbacks arrive now and then, as incidents do; deploys keep queueing.
                    if (intent == LeaseIntent.Rollback) await Task.Delay(random.Next(500, 3000), stop.Token);
                }
            })).ToList();
            await Task.WhenAll(contenders);
        }
        finally
        {
            await faults.DeleteAsync("_sandbox/marathon/api-faults");
        }

        var ordered = acts.OrderBy(a => a.At).ToList();
        var outOfOrder = ordered.Zip(ordered.Skip(1)).Count(pair => pair.Second.Epoch < pair.First.Epoch);
        Say($"Benchmark: {taken} acquisitions by 8 contenders in {clock.Elapsed.TotalSeconds:0} s under delayed and lost answers: " +
            $"{epochs.Count} distinct epochs, {ordered.Count} fenced acts, {outOfOrder} acts of an older epoch after a newer one, " +
            $"{lost} holders stopped by a newer epoch, {waitedOnDeploy.Count} rollback waits on a deploy");
        Assert.True(taken >= Acquisitions, $"only {taken} acquisitions in the time allowed");
        Assert.Equal(taken, epochs.Count);
        Assert.Equal(0, outOfOrder);
        Assert.Empty(waitedOnDeploy);
    }

    private static async Task AddFaultAsync(HttpClient http, string json)
    {
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        (await http.PostAsync("_sandbox/marathon/api-faults", body)).EnsureSuccessStatusCode();
    }
}
