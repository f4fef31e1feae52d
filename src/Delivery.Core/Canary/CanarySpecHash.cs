using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Delivery.Core.Canary;

/// <summary>
/// A short, stable hash of a policy's steps (Argo's <c>CurrentStepHash</c>): when a pipeline's steps are edited while
/// a run is in flight, its step index no longer means the same step, so the planner starts the steps again.
/// Built from explicit text, not <see cref="object.GetHashCode"/>, which differs between processes.
/// </summary>
public static class CanarySpecHash
{
    public static string Of(CanaryPolicy policy)
    {
        var text = new StringBuilder().Append(policy.InstancesPerZone.ToString(CultureInfo.InvariantCulture));
        foreach (var step in policy.Steps)
            text.Append('|').Append(step switch
            {
                PlaceStep => "place",
                WaitStep wait => "wait:" + wait.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                GrowStep grow => "grow:" + grow.Weight.ToString(CultureInfo.InvariantCulture),
                PauseStep { Timeout: { } timeout } pause => $"pause:{timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}:{pause.OnTimeout}",
                PauseStep => "pause",
                PromoteStep => "promote",
                _ => step.GetType().Name,
            });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }
}
