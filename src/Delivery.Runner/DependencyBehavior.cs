namespace Delivery.Runner;

/// <summary>What happens to a target's dependencies when the target itself is skipped.</summary>
public enum DependencyBehavior
{
    /// <summary>Dependencies are skipped too, unless another scheduled target needs them (the default).</summary>
    Skip,

    /// <summary>Dependencies still run.</summary>
    Execute,
}
