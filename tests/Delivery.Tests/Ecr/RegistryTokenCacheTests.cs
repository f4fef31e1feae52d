using Delivery.Ecr;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Tests.Ecr;

public class RegistryTokenCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private int _fetches;

    private RegistryTokenCache Cache(TimeSpan lifetime) => new(_ =>
    {
        _fetches++;
        return Task.FromResult(new RegistryLogin(new Uri("http://127.0.0.1:18444"), "AWS", $"pw{_fetches}", _time.GetUtcNow() + lifetime));
    }, _time);

    [Fact]
    public async Task Get_WithinLifetime_FetchesOnce()
    {
        var cache = Cache(TimeSpan.FromHours(12));

        var first = await cache.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(11));
        var second = await cache.GetAsync(CancellationToken.None);

        Assert.Same(first, second);
        Assert.Equal(1, _fetches);
    }

    [Fact]
    public async Task Get_FiveMinutesBeforeExpiry_Refreshes()
    {
        var cache = Cache(TimeSpan.FromHours(12));
        await cache.GetAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromMinutes(5));
        var refreshed = await cache.GetAsync(CancellationToken.None);

        Assert.Equal(2, _fetches);
        Assert.Equal("pw2", refreshed.Password);
    }

    [Fact]
    public async Task Get_ShortLivedTokenAtThreeQuartersOfItsLife_Refreshes()
    {
        var cache = Cache(TimeSpan.FromMinutes(4));
        await cache.GetAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(2));
        await cache.GetAsync(CancellationToken.None);
        Assert.Equal(1, _fetches);
        _time.Advance(TimeSpan.FromMinutes(1));
        await cache.GetAsync(CancellationToken.None);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task Invalidate_AfterRefusal_FetchesAgain()
    {
        var cache = Cache(TimeSpan.FromHours(12));
        await cache.GetAsync(CancellationToken.None);

        cache.Invalidate();
        await cache.GetAsync(CancellationToken.None);

        Assert.Equal(2, _fetches);
    }
}
