namespace Delivery.Runner;

/// <summary>
/// The git facts of the checkout the build runs in, as NUKE's GitRepository: set on a field marked
/// <see cref="GitRepositoryAttribute"/> (<c>[GitRepository] readonly GitRepository Repository;</c>).
/// </summary>
public sealed record GitRepository
{
    /// <summary>The working tree's top directory (where <c>.git</c> is).</summary>
    public required AbsolutePath LocalDirectory { get; init; }

    /// <summary>The checked-out branch, e.g. <c>main</c> or <c>feature/canary</c>; on a detached HEAD the branch a CI
    /// server names (GITHUB_HEAD_REF/GITHUB_REF_NAME, CI_COMMIT_REF_NAME), else null.</summary>
    public string? Branch { get; init; }

    /// <summary>The full id of the commit HEAD points at; null in a repository without commits.</summary>
    public string? Commit { get; init; }

    /// <summary>Tags that point at <see cref="Commit"/> (annotated tags only when packed, as after a clone).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The remote the branch tracks, else <c>origin</c>, else the first remote; null without remotes.</summary>
    public string? RemoteName { get; init; }

    /// <summary>The branch on the remote that the local branch tracks, e.g. <c>main</c>.</summary>
    public string? RemoteBranch { get; init; }

    /// <summary>The remote's URL as configured, e.g. <c>git@github.com:acme/delivery.git</c>.</summary>
    public string? RemoteUrl { get; init; }

    /// <summary><c>https</c>, <c>http</c> or <c>ssh</c>; null for a local path.</summary>
    public string? Protocol { get; init; }

    /// <summary>The remote's host, e.g. <c>github.com</c>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The repository on its host, e.g. <c>acme/delivery</c> (no <c>.git</c>).</summary>
    public string? Identifier { get; init; }

    /// <summary>True when HEAD is a commit rather than a branch.</summary>
    public bool IsDetached { get; init; }

    /// <summary><c>https://github.com/acme/delivery</c>; null without a remote host.</summary>
    public string? HttpsUrl => Endpoint is null ? null : $"https://{Endpoint}/{Identifier}";

    /// <summary><c>git@github.com:acme/delivery.git</c>; null without a remote host.</summary>
    public string? SshUrl => Endpoint is null ? null : $"git@{Endpoint}:{Identifier}.git";

    public bool IsOnMainBranch() => BranchIs("main");
    public bool IsOnMasterBranch() => BranchIs("master");
    public bool IsOnMainOrMasterBranch() => IsOnMainBranch() || IsOnMasterBranch();
    public bool IsOnDevelopBranch() => BranchIs("develop") || BranchIs("dev") || BranchIs("development");
    public bool IsOnReleaseBranch() => BranchStartsWith("release/");
    public bool IsOnHotfixBranch() => BranchStartsWith("hotfix/");
    public bool IsOnFeatureBranch() => BranchStartsWith("feature/");

    bool BranchIs(string name) => string.Equals(Branch, name, StringComparison.OrdinalIgnoreCase);
    bool BranchStartsWith(string prefix) => Branch?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) == true;

    public override string ToString() => $"{Identifier ?? LocalDirectory.Value} ({Branch ?? "detached"} @ {Commit?[..Math.Min(12, Commit.Length)] ?? "no commit"})";
}
