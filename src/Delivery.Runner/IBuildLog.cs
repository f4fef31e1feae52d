namespace Delivery.Runner;

/// <summary>
/// The build's log. Warnings and errors are collected and repeated in the "Errors &amp; Warnings" block;
/// values of <see cref="SecretAttribute"/> parameters are redacted from every message.
/// </summary>
public interface IBuildLog
{
    /// <summary>Shown only with <c>--verbosity verbose</c>.</summary>
    void Debug(string m);

    /// <summary>Shown unless the verbosity is quiet or minimal.</summary>
    void Information(string m);

    /// <summary>Shown unless the verbosity is quiet; repeated at the end.</summary>
    void Warning(string m);

    /// <summary>Always shown; repeated at the end.</summary>
    void Error(string m);
}
