using Delivery.Runner;
using Delivery.Composition;
using Delivery.Core;
using Delivery.Images;

/// <summary>
/// Bake and Push: one image per commit, baked once, pushed to ECR under the commit id and referenced by digest from
/// then on. <c>--app</c>, <c>--report</c> and <c>--allow-dirty</c> are declared with the deploy targets.
/// </summary>
partial class Build
{
    readonly List<(ImageJob Job, ImageOutcome Outcome)> _bakedImages = [];

    public Target Bake => _ => _
        .Description("Bakes the image of each pipeline's HEAD commit (--app NAME, or every pipeline); nothing is built when ECR already holds that release.")
        .Requires(() => InputProblem())
        .DependsOn(SandboxIfDown)
        .Executes(async ct =>
        {
            var entries = new List<ImageReport.Entry>();
            foreach (var target in DeliveryHost.Targets(App is null ? null : [App]))
            {
                var job = ImageJob.From(target.Pipeline, RootDirectory);
                var outcome = await Reported(entries, target.Name, () => DeliveryHost.Releaser.BakeAsync(job, AllowDirty, new ImageProgressLog(Log), ct));
                _bakedImages.Add((job, outcome));
                ReportSummary(target.Name, outcome.Kind == ImageOutcomeKind.AlreadyPushed
                    ? $"already in ECR as {outcome.Release!.Digest.Short} (no bake)"
                    : $"baked {outcome.Tag[..12]}{(outcome.Dirty ? "-dirty" : "")} ({outcome.LocalImageId?[7..19]})");
            }
            WriteImageReport(entries);
        });

    public Target Push => _ => _
        .Description("Pushes each baked release to ECR (IMMUTABLE tags, nothing re-sent that ECR holds) and pins it by digest; --report FILE writes the figures.")
        .DependsOn(Bake)
        .Executes(async ct =>
        {
            var entries = new List<ImageReport.Entry>();
            foreach (var (job, baked) in _bakedImages)
            {
                var outcome = await Reported(entries, job.Pipeline, () => DeliveryHost.Releaser.PushBakedAsync(job, baked, new ImageProgressLog(Log), ct));
                ReportSummary("Digest", outcome.Release!.Image.ToString());
                ReportSummary("Pushed", $"{outcome.Push.BytesUploaded:N0} bytes in {outcome.Push.BlobsUploaded} blobs, {outcome.Push.BlobsSkipped} already present");
            }
            WriteImageReport(entries);
        });

    /// <summary>Runs one pipeline's step, recording its entry; a failure is recorded, the report written, then rethrown.</summary>
    async Task<ImageOutcome> Reported(List<ImageReport.Entry> entries, string pipeline, Func<Task<ImageOutcome>> step)
    {
        try
        {
            var outcome = await step();
            entries.Add(ImageReport.From(pipeline, outcome));
            return outcome;
        }
        catch (DeliveryException e)
        {
            entries.Add(ImageReport.Failed(pipeline, e.Message));
            WriteImageReport(entries);
            throw;
        }
    }

    void WriteImageReport(IReadOnlyList<ImageReport.Entry> entries)
    {
        if (string.IsNullOrWhiteSpace(Report)) return;
        var path = Path.GetFullPath(Report, RootDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, ImageReport.ToJson(entries));
        Log.Information($"Report written to {path}");
    }
}

/// <summary>Build and push output as progress lines, in order (Progress&lt;T&gt; would post them to the thread pool).</summary>
sealed class ImageProgressLog(IBuildLog log) : IProgress<string>
{
    public void Report(string value) => log.Information(value);
}
