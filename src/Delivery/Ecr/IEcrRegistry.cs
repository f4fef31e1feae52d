using Delivery.Core.Values;

namespace Delivery.Ecr;

/// <summary>What Delivery needs from ECR, in its own words: a repository that exists, what a tag points to, a login.</summary>
public interface IEcrRegistry
{
    /// <summary>The registry host images are named with, e.g. <c>123456789012.dkr.ecr.us-east-1.amazonaws.com</c>.</summary>
    Task<string> RegistryHostAsync(CancellationToken ct);

    /// <summary>Creates the repository (IMMUTABLE tags, scan on push) when missing; turns an existing mutable one immutable.</summary>
    Task EnsureRepositoryAsync(string repository, CancellationToken ct);

    /// <summary>The digest the tag points to, or null when the tag (or the repository) does not exist.</summary>
    Task<Digest?> FindTagAsync(string repository, string tag, CancellationToken ct);

    /// <summary>The manifest stored under a tag or digest, or null when absent.</summary>
    Task<RegistryManifest?> GetManifestAsync(string repository, string reference, CancellationToken ct);

    Task<RegistryLogin> LoginAsync(CancellationToken ct);

    /// <summary>The registry refused the login: fetch a fresh one next time.</summary>
    void ForgetLogin();
}

/// <summary>A manifest exactly as stored, with its digest and media type.</summary>
public sealed record RegistryManifest(Digest Digest, string MediaType, string Content);
