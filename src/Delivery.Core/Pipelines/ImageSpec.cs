namespace Delivery.Core.Pipelines;

/// <summary>How a pipeline's image is baked: the <c>image:</c> section of <c>pipelines/&lt;name&gt;.yaml</c>.</summary>
/// <param name="Repository">ECR repository name, e.g. <c>games/lobby</c>.</param>
/// <param name="Context">Build context folder, relative to the repository root.</param>
/// <param name="Dockerfile">Dockerfile path, relative to the repository root.</param>
/// <param name="Prepare">A command run from the repository root before the build (e.g. a <c>dotnet publish</c> into the context), or null.</param>
/// <param name="Target">Multi-stage target, or null for the last stage.</param>
public sealed record ImageSpec(
    string Repository,
    string Context,
    string Dockerfile,
    IReadOnlyDictionary<string, string> BuildArgs,
    string? Target = null,
    string? Prepare = null);
