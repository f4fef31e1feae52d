namespace Delivery.Docker;

/// <summary>Bakes an image from a context folder. Ours, not Docker's, so another builder (BuildKit, buildah) can replace it.</summary>
public interface IImageBuilder
{
    Task<BuiltImage> BuildAsync(BuildRequest request, IProgress<string> progress, CancellationToken ct);
}

/// <param name="Name">Human name for messages, e.g. the pipeline (<c>lobby</c>).</param>
/// <param name="SourceTime">Time written into the context tar; the commit time keeps repeat bakes identical.</param>
/// <param name="Tag">Local name given to the result, e.g. <c>games/lobby:3f2a…</c>.</param>
public sealed record BuildRequest(
    string Name,
    string ContextDirectory,
    string DockerfilePath,
    IReadOnlyDictionary<string, string> BuildArgs,
    string? Target,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset SourceTime,
    string Tag);

/// <param name="ImageId">The engine's image id (<c>sha256:</c> of the config), not the registry digest.</param>
public sealed record BuiltImage(string ImageId, string Tag, int Steps, int CachedSteps);
