namespace Delivery.Ecr;

/// <summary>
/// Keeps the registry login from GetAuthorizationToken until shortly before it expires, so a run calls the API once,
/// yet a long run (or a short-lived token from temporary credentials) never pushes with an expired one.
/// </summary>
public sealed class RegistryTokenCache(Func<CancellationToken, Task<RegistryLogin>> fetch, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RegistryLogin? _current;

    /// <summary>Refresh this long before expiry: 5 minutes, or a quarter of the lifetime for short tokens.</summary>
    public static TimeSpan RefreshMargin(TimeSpan lifetime) =>
        lifetime < TimeSpan.FromMinutes(20) ? lifetime / 4 : TimeSpan.FromMinutes(5);

    private DateTimeOffset _issuedAt;

    public async Task<RegistryLogin> GetAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (_current is null || now >= _current.ExpiresAt - RefreshMargin(_current.ExpiresAt - _issuedAt))
            {
                _current = await fetch(ct).ConfigureAwait(false);
                _issuedAt = now;
            }
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forget the login (the registry refused it), so the next call fetches a new one.</summary>
    public void Invalidate() => _current = null;
}
