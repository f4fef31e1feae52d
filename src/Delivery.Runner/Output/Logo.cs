namespace Delivery.Runner.Output;

/// <summary>The banner at the start of a run (hidden by <c>--no-logo</c> or a low verbosity).</summary>
internal static class Logo
{
    static readonly string[] Lines =
    [
        @"  ___      _ _",
        @" |   \ ___| (_)_ _____ _ _ _  _",
        @" | |) / -_) | \ V / -_) '_| || |",
        @" |___/\___|_|_|\_/\___|_|  \_, |",
        @"                           |__/",
    ];

    public static void Write(BuildConsole console)
    {
        foreach (var line in Lines)
            console.WriteLine(line, ConsoleColor.Cyan);
    }
}
