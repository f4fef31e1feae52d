namespace Delivery.Engine;

/// <summary>How often the engine looks, and how long it waits for others; the pipeline's own deadlines are in its policy.</summary>
public sealed record EngineSettings
{
    /// <summary>The longest gap between two passes while waiting (events may wake a pass earlier).</summary>
    public TimeSpan PassInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The shortest gap between two passes, so a burst of events does not hammer Marathon.</summary>
    public TimeSpan MinimumPassGap { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a run waits for another run's lease before failing with the holder's name.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether to listen to Marathon's event stream between passes.</summary>
    public bool UseEvents { get; init; } = true;

    /// <summary>A bound on passes, so a planner bug cannot loop forever; each pass has its own deadline anyway.</summary>
    public int MaxPasses { get; init; } = 10_000;
}
