namespace Delivery.Runner.Output;

/// <summary>How much the build prints (<c>--verbosity</c>).</summary>
internal enum Verbosity
{
    /// <summary>Errors and the summary.</summary>
    Quiet,

    /// <summary>Warnings, errors, target headers and the summary.</summary>
    Minimal,

    /// <summary>Everything except debug lines.</summary>
    Normal,

    /// <summary>Debug lines and stack traces too.</summary>
    Verbose,
}
