namespace Delivery.Core.Values;

/// <summary>
/// One commit of one pipeline, baked once: the commit it came from and the image pinned by digest.
/// Printed as <c>lobby@3f2a1c9e0b7d</c> (pipeline and short commit) for people; the digest is what is deployed.
/// </summary>
/// <param name="Dirty">Baked from a working tree with uncommitted changes: allowed for local experiments, never promoted.</param>
public sealed record Release(string Pipeline, CommitId Commit, ImageReference Image, bool Dirty = false)
{
    /// <summary>The image tag a release is pushed under: the commit id, with a suffix when dirty.</summary>
    public static string TagFor(CommitId commit, bool dirty) => dirty ? $"{commit.Value}-dirty" : commit.Value;

    public Digest Digest => Image.Digest ?? throw new InvalidOperationException($"Release {this} has no digest yet.");

    public override string ToString() => $"{Pipeline}@{Commit.Short}{(Dirty ? "-dirty" : "")}";
}
