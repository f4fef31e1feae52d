using Delivery.Core.Pipelines;
using Delivery.Engine;

namespace Delivery.Composition;

/// <summary>What the build program passes in: where the repository is, which environment, how to talk to people.</summary>
public sealed record DeliveryOptions(string RepositoryRoot, string? Environment, Action<string> Write)
{
    public string? JournalPath { get; init; }
    public string? Holder { get; init; }
    public EngineSettings Settings { get; init; } = new();
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Credentials for ECR in a given environment, or null for the AWS SDK's default chain. The build program
    /// supplies the local sandbox's own test keys this way; the engine knows nothing of the sandbox.</summary>
    public Func<DeliveryEnvironment, Ecr.IAwsCredentialSource?>? Credentials { get; init; }

    /// <summary>Load only this pipeline (a Rollback needs nothing else to be valid); null loads and checks them all.</summary>
    public string? Only { get; init; }

    /// <summary>Where analysis checks are read; default: the environment's Prometheus.</summary>
    public IMetricSource? Metrics { get; init; }

    /// <summary>Runs hooks; default: commands from the repository root and HTTP calls.</summary>
    public Hooks.IHookRunner? Hooks { get; init; }

    /// <summary>Says whether a release's image is still in the registry; default: the environment's ECR.</summary>
    public IReleaseImages? Images { get; init; }

    /// <summary>Removes secrets from what hooks print before it reaches output and reports. The build program passes its
    /// runner's redactor, to which it adds <see cref="EnvironmentSecrets"/>; without it, hook output is left as it is.</summary>
    public Func<string, string>? Redact { get; init; }

    /// <summary>Where warnings go (a failed notification or metrics push); default: <see cref="Write"/>.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>Reads environment variables (the notification sinks' URLs); default: the process's.</summary>
    public Func<string, string?>? Variables { get; init; }

    /// <summary>Hears runs begin and end; default: the environment's notification sinks and Pushgateway.</summary>
    public IRunListener? Listener { get; init; }
}
