using Delivery.Core.Analysis;
using Delivery.Core.Analysis.Statistics;

namespace Delivery.Core.Tests.Analysis;

public sealed class StatisticsTests
{
    [Theory]
    [InlineData(0.025, 1.959964)]
    [InlineData(0.005, 2.575829)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.0001, 3.719016)]
    [InlineData(0.975, -1.959964)]
    public void Normal_UpperQuantile_MatchesTables(double tail, double z) => Assert.Equal(z, Normal.UpperQuantile(tail), 5);

    // 15 of 50 at 95%: (0.191, 0.438), the textbook Wilson interval.
    [Theory]
    [InlineData(15, 50, 1.959964, 0.1910, 0.4375)]
    [InlineData(0, 100, 1.959964, 0.0, 0.0370)]
    [InlineData(100, 100, 1.959964, 0.9630, 1.0)]
    public void Wilson_Bounds_MatchTheScoreInterval(double failed, double requests, double z, double lower, double upper)
    {
        Assert.Equal(lower, Wilson.Lower(failed, requests, z), 3);
        Assert.Equal(upper, Wilson.Upper(failed, requests, z), 3);
    }

    [Fact]
    public void Wilson_NoRequests_SaysNothing()
    {
        Assert.Equal(0, Wilson.Lower(0, 0, 3));
        Assert.Equal(1, Wilson.Upper(0, 0, 3));
    }

    // Worked example: canary 30/1000, stable 10/1000, τ = 0.01, α = 0.01.
    // p̃c = 31/1002, p̃s = 11/1002; V = p̃c(1−p̃c)/1002 + p̃s(1−p̃s)/1002 = 4.0685e-5;
    // r = sqrt(2V(V+τ²)/τ² · (ln 100 + ½ ln((V+τ²)/V))) = sqrt(1.1445e-4 · 5.2296) = 0.02447; d = 0.02.
    [Fact]
    public void ProportionDifference_WorkedExample_GivesTheMixtureBounds()
    {
        var bounds = ProportionDifference.Of(30, 1000, 10, 1000, tau: 0.01, alpha: 0.01);
        Assert.Equal(0.02, bounds.Difference, 6);
        Assert.Equal(0.02 - 0.02447, bounds.Lower, 4);
        Assert.Equal(0.02 + 0.02447, bounds.Upper, 4);
    }

    [Fact]
    public void ProportionDifference_MoreData_NarrowsTheBounds()
    {
        var few = ProportionDifference.Of(3, 100, 1, 100, 0.01, 0.01);
        var many = ProportionDifference.Of(300, 10_000, 100, 10_000, 0.01, 0.01);
        Assert.True(many.Upper - many.Lower < (few.Upper - few.Lower) / 5);
        Assert.True(many.Lower > 0, "2 points over 10,000 requests each is a sure difference");
        Assert.True(few.Lower < 0, "2 points over 100 requests each is not");
    }

    [Fact]
    public void ProportionDifference_ZeroFailuresOnBothSides_StillHasWidth()
    {
        var bounds = ProportionDifference.Of(0, 500, 0, 1000, 0.01, 0.01);
        Assert.Equal(0, bounds.Difference);
        Assert.True(bounds.Upper > 0 && bounds.Upper < 0.02, $"upper {bounds.Upper}");
    }

    private static readonly HistogramBucket[] Example =
        [new(0.1, 50), new(0.5, 90), new(double.PositiveInfinity, 100)];

    // As Prometheus's histogram_quantile: linear inside a bucket, the lowest bucket starting at 0, +Inf → the highest finite bound.
    [Theory]
    [InlineData(0.5, 0.1)]
    [InlineData(0.25, 0.05)]
    [InlineData(0.9, 0.5)]
    [InlineData(0.7, 0.3)]
    [InlineData(0.99, 0.5)]
    public void Histograms_Quantile_InterpolatesLikePrometheus(double q, double expected) =>
        Assert.Equal(expected, Histograms.Quantile(Example, q)!.Value, 9);

    [Fact]
    public void Histograms_Quantile_NoObservations_IsNull() => Assert.Null(Histograms.Quantile([new(0.1, 0), new(double.PositiveInfinity, 0)], 0.99));

    [Theory]
    [InlineData(0.5, 10)]      // an exact bound
    [InlineData(0.3, 10)]      // rounded up to 0.5: nothing between 0.1 and 0.5 is called slow
    [InlineData(0.05, 50)]
    [InlineData(10, 0)]
    public void Histograms_Above_CountsWholeBucketsOnly(double bound, double slow) => Assert.Equal(slow, Histograms.Above(Example, bound));

    [Fact]
    public void Histograms_Sum_AddsBucketWise()
    {
        var sum = Histograms.Sum(Example, [new(0.1, 5), new(0.5, 6), new(double.PositiveInfinity, 7)]);
        Assert.Equal([55.0, 96, 107], sum.Select(b => b.Count));
    }
}
