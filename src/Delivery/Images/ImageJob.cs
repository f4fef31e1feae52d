using Delivery.Core.Pipelines;

namespace Delivery.Images;

/// <summary>
/// One pipeline's image to bake and push: the pipeline's name, the folder its source lives in, and its image section.
/// Paths in <see cref="Image"/> are relative to <see cref="RepositoryRoot"/>.
/// </summary>
public sealed record ImageJob(string Pipeline, string RepositoryRoot, string SourceFolder, ImageSpec Image)
{
    public static ImageJob From(Pipeline pipeline, string repositoryRoot) =>
        new(pipeline.Name, repositoryRoot, pipeline.Source, pipeline.Image);

    public string ContextDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, Image.Context));
    public string DockerfilePath => Path.GetFullPath(Path.Combine(RepositoryRoot, Image.Dockerfile));
    public string SourceDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, SourceFolder));

    public bool DockerfileInContext => DockerfilePath.StartsWith(ContextDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
