using Delivery.Core;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Delivery.Docker;

/// <summary>
/// Bakes with the Docker engine's <c>/build</c> endpoint through Docker.DotNet. That is the classic builder:
/// Docker.DotNet cannot ask for BuildKit (no <c>version=2</c>, no gRPC session).
/// </summary>
public sealed class DockerImageBuilder(IDockerClient docker) : IImageBuilder
{
    public async Task<BuiltImage> BuildAsync(BuildRequest request, IProgress<string> progress, CancellationToken ct)
    {
        if (!Directory.Exists(request.ContextDirectory))
            throw new DeliveryException($"Bake {request.Name} failed: the build context folder {request.ContextDirectory} does not exist.");
        if (!File.Exists(request.DockerfilePath))
            throw new DeliveryException($"Bake {request.Name} failed: the Dockerfile {request.DockerfilePath} does not exist.");

        await using var context = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        // The classic builder turns each API label into a LABEL step with a container of its own; one LABEL line at
        // the end of the last stage does the same in one step. With a target stage, the API's labels are the only way.
        var labelLine = request.Target is null && request.Labels.Count > 0 ? LabelLine(request.Labels) : null;
        var dockerfile = BuildContextTar.Write(request.ContextDirectory, request.DockerfilePath, request.SourceTime, context, labelLine);
        context.Position = 0;

        var parameters = new ImageBuildParameters
        {
            Dockerfile = dockerfile,
            Tags = [request.Tag],
            BuildArgs = new Dictionary<string, string>(request.BuildArgs),
            Labels = labelLine is null ? new Dictionary<string, string>(request.Labels) : null,
            Target = request.Target,
            Remove = true,
            ForceRemove = true,
            // Base images are made locally (no public registry is reachable); never try to pull them.
            Pull = null,
        };

        var output = new BuildOutput();
        string? error = null;
        var relay = new SynchronousProgress<JSONMessage>(message =>
        {
            if (message.Stream is { } stream)
                foreach (var line in output.Add(stream)) progress.Report(line);
            if (message.Error?.Message is { Length: > 0 } failure) error = failure;
            else if (!string.IsNullOrEmpty(message.ErrorMessage)) error = message.ErrorMessage;
        });

        try
        {
            await docker.Images.BuildImageFromDockerfileAsync(parameters, context, [], new Dictionary<string, string>(), relay, ct).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            error ??= EngineMessage(e);
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is not OperationCanceledException)
        {
            // Closing the stream is how the engine learns to stop the build; whatever the read threw, we cancelled.
            throw new OperationCanceledException($"Bake {request.Name} cancelled.", e, ct);
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryException($"Bake {request.Name} failed: the Docker engine is unreachable ({e.Message}).", e);
        }
        ct.ThrowIfCancellationRequested();

        if (error is not null) throw Failure(request, output, error);
        if (output.ImageId is null) throw Failure(request, output, "the engine reported no image id");
        var inspected = await docker.Images.InspectImageAsync(request.Tag, ct).ConfigureAwait(false);
        return new BuiltImage(inspected.ID, request.Tag, output.Steps, output.CachedSteps);
    }

    /// <summary>The engine's own words from an error answer (<c>{"message": "…"}</c>), else the raw body.</summary>
    internal static string EngineMessage(DockerApiException e)
    {
        var body = e.ResponseBody?.Trim();
        if (string.IsNullOrEmpty(body)) return e.Message;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text) return text;
        }
        catch (System.Text.Json.JsonException) { }
        return body;
    }

    /// <summary><c>LABEL "k"="v" …</c>, quoted so that spaces, quotes and <c>$</c> (which LABEL would expand) stay literal.</summary>
    internal static string LabelLine(IReadOnlyDictionary<string, string> labels) =>
        "LABEL " + string.Join(" ", labels.Select(l => $"{Quote(l.Key)}={Quote(l.Value)}"));

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("$", "\\$").Replace('\n', ' ').Replace('\r', ' ') + "\"";

    private static DeliveryException Failure(BuildRequest request, BuildOutput output, string error)
    {
        var step = output.CurrentStep is null ? "before the first step" : $"at '{output.CurrentStep}'";
        var tail = output.TailOfStep(5).Where(l => l != error.Trim()).ToList();
        var shown = tail.Count == 0 ? "" : $" Output: {string.Join(" | ", tail)}";
        return new DeliveryException($"Bake {request.Name} failed {step}: {error.Trim()}.{shown}");
    }
}

/// <summary><see cref="Progress{T}"/> posts to the thread pool and may reorder lines; this calls back in order, on the reader's thread.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
