namespace Delivery.Runner.Tests.Support;

internal enum Flavour { Debug, Release }

/// <summary>A build shaped like Delivery's own, with every kind of parameter the runner reads.</summary>
internal sealed class DeployBuild : TestBuild
{
    [Parameter("Name of the service to deploy.")]
    readonly string? App;

    [Parameter("Instances per zone.")]
    readonly int Instances = 2;

    [Parameter("Zones to deploy to.", Separator = ',')]
    readonly string[] Zones = [];

    [Parameter("How long to watch the canary.")]
    readonly TimeSpan Watch = TimeSpan.FromMinutes(5);

    [Parameter("Build configuration.")]
    readonly Flavour Configuration = Flavour.Debug;

    [Parameter("Password of the image registry."), Secret]
    readonly string? RegistryPassword = "initial-password";

    [Parameter("Print what would change and change nothing.")]
    readonly bool DryRun;

    [Parameter("Where build outputs go; relative to the root.")]
    readonly AbsolutePath? Artifacts;

    [Parameter(Name = "ratio")]
    double? CanaryRatio { get; set; }

    public string? AppValue => App;
    public int InstancesValue => Instances;
    public string[] ZonesValue => Zones;
    public TimeSpan WatchValue => Watch;
    public Flavour ConfigurationValue => Configuration;
    public string? RegistryPasswordValue => RegistryPassword;
    public bool DryRunValue => DryRun;
    public AbsolutePath? ArtifactsValue => Artifacts;
    public double? CanaryRatioValue => CanaryRatio;

    public Exception? PushFailure { get; set; }

    public Target Restore => _ => _
        .Description("Restores the packages.")
        .Executes(() => Step(nameof(Restore), TimeSpan.FromSeconds(3)));

    public Target Compile => _ => _
        .Description("Compiles the solution.")
        .DependsOn(Restore)
        .Executes(() =>
        {
            Step(nameof(Compile), TimeSpan.FromSeconds(72));
            ReportSummary("Warnings", "0");
        });

    public Target Push => _ => _
        .Description("Pushes the image to the registry, which is a long description that has to wrap because it goes on and on about registries.")
        .DependsOn(Compile)
        .Requires(() => App)
        .Executes(() =>
        {
            Step(nameof(Push), TimeSpan.FromMilliseconds(400));
            Log.Information($"Logging in with {RegistryPassword}");
            if (PushFailure is { } failure)
                throw failure;
            ReportSummary("Digest", "sha256:4f2a");
            ReportSummary("Login", $"token {RegistryPassword}");
        });

    public Target Deploy => _ => _
        .Description("Deploys the canary.")
        .DependsOn(Push)
        .Triggers(Announce)
        .Executes(() => Step(nameof(Deploy), TimeSpan.FromSeconds(5)));

    public Target Announce => _ => _
        .Unlisted()
        .Executes(() => Step(nameof(Announce), TimeSpan.Zero));

    public Target Rollback => _ => _
        .Description("Rolls back to the stable release.")
        .After(Deploy)
        .AssuredAfterFailure()
        .OnlyWhenDynamic(() => false)
        .Executes(() => Step(nameof(Rollback), TimeSpan.Zero));

    public Target Default => _ => _
        .DependsOn(Compile);

    void Step(string name, TimeSpan duration)
    {
        Ran.Add(name);
        Elapse(duration);
    }
}
