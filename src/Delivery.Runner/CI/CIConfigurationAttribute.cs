namespace Delivery.Runner.CI;

/// <summary>
/// What every CI configuration attribute declares (NUKE's ConfigurationAttributeBase): which targets a job runs with
/// which arguments, and what the job needs around it (full history, cloud credentials, artifacts). Each CI's attribute
/// adds its own triggers and concurrency; its writer turns it into that CI's file. The files are written by the build
/// program (<see cref="CIConfigurations"/>), checked in, and never edited by hand.
/// </summary>
public abstract class CIConfigurationAttribute : Attribute
{
    protected CIConfigurationAttribute(string name, string sourceFile)
    {
        Name = name;
        SourceFile = sourceFile;
    }

    /// <summary>The workflow (GitHub) or job (GitLab) name; also the file name where a CI has one file per workflow.</summary>
    public string Name { get; }

    /// <summary>The targets the job runs: <c>./build.sh Target1 Target2 …</c>.</summary>
    public string[] InvokedTargets { get; set; } = [];

    /// <summary>Arguments after the targets, e.g. <c>--environment production</c>. <c>{name}</c> of
    /// <see cref="JobParameter"/> is replaced by the job's value.</summary>
    public string? Arguments { get; set; }

    /// <summary>One job per file matching this pattern relative to the root (<c>pipelines/*.yaml</c>); the job passes
    /// the file's name without extension as <see cref="JobParameter"/>. Adding a file changes the generated configuration.</summary>
    public string? JobPerFile { get; set; }

    /// <summary>The parameter (CLI spelling without dashes, e.g. <c>app</c>) that carries a <see cref="JobPerFile"/> value.</summary>
    public string? JobParameter { get; set; }

    /// <summary>Why the configuration is shaped as it is; written as comment lines under the generated file's header.</summary>
    public string? Comment { get; set; }

    /// <summary>Commits to fetch; 0 is the whole history (needed when the build reads git history). Default 1.</summary>
    public int FetchDepth { get; set; } = 1;

    /// <summary>The IAM role to assume with the CI's OIDC token, as the CI spells a variable holding it
    /// (<c>${{ vars.AWS_ROLE_ARN }}</c> on GitHub, <c>$AWS_ROLE_ARN</c> on GitLab). No long-lived keys.</summary>
    public string? AwsRoleToAssume { get; set; }

    /// <summary>The AWS region for <see cref="AwsRoleToAssume"/>.</summary>
    public string? AwsRegion { get; set; }

    /// <summary>Paths kept as artifacts of the job, also when it failed (that is when the reports matter most).</summary>
    public string[] PublishArtifacts { get; set; } = [];

    /// <summary>The file holding the attribute usage (from the compiler), named in the generated file's header.</summary>
    internal string SourceFile { get; }
}
