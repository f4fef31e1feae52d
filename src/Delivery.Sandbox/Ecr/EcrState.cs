using System.Security.Cryptography;
using System.Text.Json;

namespace Delivery.Sandbox.Ecr;

/// <summary>One image: a manifest stored byte for byte, found by its digest.</summary>
public sealed record StoredImage(string Digest, string MediaType, string Manifest, double PushedAt, long SizeBytes);

/// <summary>A repository: settings, images by digest, and tags pointing at digests.</summary>
public sealed class StoredRepository
{
    public required string Name { get; init; }
    public required double CreatedAt { get; init; }
    public string Mutability { get; set; } = "MUTABLE";
    public bool ScanOnPush { get; set; }
    public Dictionary<string, StoredImage> Images { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Tags { get; init; } = new(StringComparer.Ordinal);

    public IEnumerable<string> TagsOf(string digest) => Tags.Where(t => t.Value == digest).Select(t => t.Key).Order(StringComparer.Ordinal);
}

/// <summary>
/// The single model both views read and write: the JSON API and the registry proxy, so an
/// image pushed through <c>/v2/</c> is what DescribeImages shows, and a tag moved by PutImage is what tags/list shows.
/// Blobs live in the real registry; this holds repositories, tags, manifests and issued tokens. One lock guards it all:
/// the sandbox sees a handful of calls a second.
/// </summary>
public sealed class EcrState(EcrEmulatorOptions options, TimeProvider time)
{
    private readonly Dictionary<string, StoredRepository> _repositories = Load(options.StateFile);
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);

    public object Gate { get; } = new();

    /// <summary>One manifest writer at a time, so an immutability check and the write that follows cannot interleave.</summary>
    public SemaphoreSlim Writer { get; } = new(1, 1);
    public EcrEmulatorOptions Options => options;
    public double Now => time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    public StoredRepository? Find(string name) { lock (Gate) return _repositories.GetValueOrDefault(name); }

    public IReadOnlyList<StoredRepository> All() { lock (Gate) return _repositories.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList(); }

    public bool TryAdd(StoredRepository repository) { lock (Gate) { var added = _repositories.TryAdd(repository.Name, repository); Save(); return added; } }

    public bool Remove(string name) { lock (Gate) { var removed = _repositories.Remove(name); Save(); return removed; } }

    /// <summary>Issues a registry password valid for the configured lifetime; returns it with its expiry.</summary>
    public (string Password, DateTimeOffset ExpiresAt) IssueToken()
    {
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var expiresAt = time.GetUtcNow() + options.TokenLifetime;
        lock (Gate)
        {
            // Expired tokens are kept an hour so a late client hears "expired" (and knows to log in again), not "unknown".
            var forgetBefore = time.GetUtcNow() - TimeSpan.FromHours(1);
            foreach (var stale in _tokens.Where(t => t.Value < forgetBefore).Select(t => t.Key).ToList()) _tokens.Remove(stale);
            _tokens[password] = expiresAt;
        }
        return (password, expiresAt);
    }

    public TokenCheck CheckToken(string password)
    {
        lock (Gate)
        {
            if (!_tokens.TryGetValue(password, out var expiresAt)) return TokenCheck.Unknown;
            return time.GetUtcNow() >= expiresAt ? TokenCheck.Expired : TokenCheck.Valid;
        }
    }

    /// <summary>Call after changing a repository under <see cref="Gate"/>.</summary>
    public void Save()
    {
        if (options.StateFile is null) return;
        lock (Gate)
        {
            var temp = options.StateFile + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(_repositories.Values.ToList()));
            File.Move(temp, options.StateFile, overwrite: true);
        }
    }

    private static Dictionary<string, StoredRepository> Load(string? file)
    {
        if (file is null || !File.Exists(file)) return new(StringComparer.Ordinal);
        var list = JsonSerializer.Deserialize<List<StoredRepository>>(File.ReadAllText(file)) ?? [];
        return list.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }
}

public enum TokenCheck { Valid, Expired, Unknown }
