using Delivery.Core.Values;

namespace Delivery.Git;

/// <summary>
/// The commit a release is baked from: HEAD of the repository holding the pipeline's source.
/// <see cref="CommittedAt"/> feeds the image's <c>created</c> label so that rebuilding the same commit gives the same image.
/// </summary>
/// <param name="Source">The remote's URL (credentials stripped), or the repository folder when there is no remote.</param>
public sealed record GitRelease(CommitId Commit, DateTimeOffset CommittedAt, bool Dirty, string Source, string RepositoryRoot)
{
    public string Tag => Release.TagFor(Commit, Dirty);
}
