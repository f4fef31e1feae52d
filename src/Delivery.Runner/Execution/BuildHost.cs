using System.Collections;
using System.Runtime.InteropServices;

namespace Delivery.Runner.Execution;

/// <summary>
/// Everything the runner takes from the outside world. <see cref="FromProcess"/> wires the real process;
/// tests build one with in-memory arguments, environment, output and a fake clock.
/// </summary>
internal sealed class BuildHost : IDisposable
{
    readonly List<IDisposable> _registrations = [];

    public required IReadOnlyList<string> Arguments { get; init; }
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    public required string WorkingDirectory { get; init; }
    public required TextWriter Output { get; init; }

    /// <summary>Standard error: the runner's own output goes here with <c>--json</c>, so stdout holds only the JSON.</summary>
    public TextWriter ErrorOutput { get; init; } = TextWriter.Null;
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>ANSI colours: only on a terminal and when NO_COLOR is unset.</summary>
    public bool UseColor { get; init; }

    /// <summary>The same for standard error.</summary>
    public bool UseColorOnError { get; init; }

    public CancellationSignal Signal { get; } = new();

    public static BuildHost FromProcess(string[] args)
    {
        var environment = ProcessEnvironment();
        var host = new BuildHost
        {
            Arguments = args,
            Environment = environment,
            WorkingDirectory = Directory.GetCurrentDirectory(),
            Output = Console.Out,
            ErrorOutput = Console.Error,
            UseColor = ShouldUseColor(Console.IsOutputRedirected, environment),
            UseColorOnError = ShouldUseColor(Console.IsErrorRedirected, environment),
        };
        host.ListenForTermination();
        return host;
    }

    public static Dictionary<string, string> ProcessEnvironment() =>
        System.Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(x => (string)x.Key, x => x.Value?.ToString() ?? string.Empty, StringComparer.Ordinal);

    /// <summary>Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org).</summary>
    public static bool ShouldUseColor(bool outputRedirected, IReadOnlyDictionary<string, string> environment) =>
        !outputRedirected && !environment.ContainsKey("NO_COLOR");

    // The first two signals cancel (the build, then the assured targets); a third one is left to the
    // default handler so that a stuck build can still be killed from the keyboard.
    void ListenForTermination()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (Signal.Trigger() <= 2)
                    context.Cancel = true;
            }));
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        Signal.Dispose();
    }
}
