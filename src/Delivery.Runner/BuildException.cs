namespace Delivery.Runner;

/// <summary>
/// A mistake in the invocation or the build class (unknown target, bad parameter, cycle). The runner prints
/// its message alone and exits with 1; nothing has run when it is thrown.
/// </summary>
internal sealed class BuildException(string message) : Exception(message);
