using Delivery.Core;
using Delivery.Hooks;
using Delivery.Prometheus;
using Delivery.Core.Pipelines;
using Delivery.Engine;
using Delivery.Git;
using Delivery.Images;
using Delivery.Journal;
using Delivery.Marathon;
using Delivery.Pipelines;

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

    /// <summary>Removes secrets from what hooks print before it reaches output and reports.</summary>
    public Func<string, string>? Redact { get; init; }

    /// <summary>Where warnings go (a failed notification or metrics push); default: <see cref="Write"/>.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>Reads environment variables (the notification sinks' URLs); default: the process's.</summary>
    public Func<string, string?>? Variables { get; init; }

    /// <summary>Hears runs begin and end; default: the environment's notification sinks and Pushgateway.</summary>
    public IRunListener? Listener { get; init; }
}

/// <summary>
/// The one composition root: loads and validates the environment and every pipeline first (bad input fails here,
/// before any side effect), then wires the adapters (Marathon over HTTP, git, Docker and ECR, the SQLite journal) to
/// the engine's use cases. Docker and ECR are connected only when a release has to be baked.
/// </summary>
public sealed class DeliveryHost : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private DeliveryHost(DeliveryOptions options, DeliveryEnvironment environment, PipelineCatalog catalog, EngineContext context, IRunJournal journal, IGitRepository git)
    {
        (Options, Environment, Catalog, Context, Journal, Git) = (options, environment, catalog, context, journal, git);
    }

    public DeliveryOptions Options { get; }
    public DeliveryEnvironment Environment { get; }
    public PipelineCatalog Catalog { get; }
    public EngineContext Context { get; }
    public IRunJournal Journal { get; }

    public static string DefaultJournalPath(string root) => Path.Combine(root, ".nuke", "temp", "journal.db");

    /// <exception cref="DeliveryException">The environment or a pipeline is invalid (file:line:col), or credentials are missing.</exception>
    public static DeliveryHost Create(DeliveryOptions options, IMarathon? marathon = null)
    {
        var environment = EnvironmentLoader.Load(options.RepositoryRoot, options.Environment);
        var catalog = PipelineCatalog.Load(options.RepositoryRoot, environment, options.Only);
        marathon ??= MarathonClientFactory.Create(environment.Marathon, options.Time);
        var progress = new ProgressLog(options.Write, options.Time);
        var owned = new List<IDisposable>();
        var metrics = options.Metrics;
        if (metrics is null && environment.Prometheus is { } url)
        {
            var prometheus = new PrometheusClient(url, options.Time);
            owned.Add(prometheus);
            metrics = new PrometheusMetricSource(prometheus);
        }
        var hooks = options.Hooks;
        if (hooks is null)
        {
            var redact = options.Redact ?? SecretScrubber.For(environment, System.Environment.GetEnvironmentVariable).Scrub;
            var runner = new HookRunner(options.RepositoryRoot, options.Time, redact);
            owned.Add(runner);
            hooks = runner;
        }
        var images = options.Images;
        if (images is null)
        {
            // ECR's control plane only (no Docker engine): a Rollback asks it whether the image to restore still exists.
            var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            owned.Add(http);
            var credentials = options.Credentials?.Invoke(environment) ?? ImageServices.DefaultCredentials(environment);
            images = new Ecr.EcrReleaseImages(new Ecr.EcrRegistry(new Ecr.EcrApiClient(http, environment.Ecr, credentials, options.Time), options.Time));
        }
        var journal = new SqliteRunJournal(options.JournalPath ?? DefaultJournalPath(options.RepositoryRoot));
        var git = new LibGit2Repository();
        var listener = options.Listener ?? Listeners(options, environment, git, owned);
        var context = new EngineContext(marathon, metrics, progress, options.Settings, options.Time,
            options.Holder ?? RunIdentity.DefaultHolder(System.Environment.GetEnvironmentVariable), journal, hooks, images, listener);
        var host = new DeliveryHost(options, environment, catalog, context, journal, git);
        host._owned.AddRange(owned);
        return host;
    }

    /// <summary>The environment's notification sinks and Pushgateway, or null when it names neither.</summary>
    private static IRunListener? Listeners(DeliveryOptions options, DeliveryEnvironment environment, IGitRepository git, List<IDisposable> owned)
    {
        var warn = options.Warn ?? (line => options.Write("Warning: " + line));
        var listeners = new List<IRunListener>();
        if (environment.Notifications.Count > 0)
        {
            var sender = new Notifications.WebhookSender(options.Time);
            owned.Add(sender);
            var reports = Reports.ReportFiles.DefaultFolder(options.RepositoryRoot);
            listeners.Add(new Notifications.Notifier(environment.Notifications, options.Variables ?? System.Environment.GetEnvironmentVariable, sender, warn, options.Time,
                report => Path.ChangeExtension(Reports.ReportFiles.DefaultJsonPath(reports, report), ".html")));
        }
        if (environment.Metrics is { } metrics)
        {
            var gateway = new DeliveryMetrics.PushgatewayClient(metrics.Pushgateway, options.Time);
            owned.Add(gateway);
            listeners.Add(new DeliveryMetrics.MetricsPusher(gateway, commit => git.CommittedAt(options.RepositoryRoot, commit), warn, options.Time));
        }
        return listeners.Count switch { 0 => null, 1 => listeners[0], _ => new RunListeners(listeners) };
    }

    /// <summary>The pipelines named (all when none), each in this environment.</summary>
    public IReadOnlyList<DeploymentTarget> Targets(IEnumerable<string>? names = null)
    {
        var wanted = names?.Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        var pipelines = wanted is { Count: > 0 } ? wanted.Select(Catalog.Get).ToList() : Catalog.All.ToList();
        return pipelines.Select(p => new DeploymentTarget(p, Environment)).ToList();
    }

    public IGitRepository Git { get; }

    public DeployUseCase Deploy(IImagePublisher? images = null) =>
        new(Context, Git, images ?? new ReleaserPublisher(CreateReleaser), Options.RepositoryRoot);

    public PromoteUseCase Promote() => new(Context);

    public RollbackUseCase Rollback() => new(Context);

    public StatusUseCase Status() => new(Context, Journal);

    public ReconcileUseCase Reconcile() => new(Context);

    /// <summary>Pipelines whose source folder changed since the commit of their live release (or that have none live).</summary>
    public async Task<IReadOnlyList<DeploymentTarget>> ChangedSinceLiveAsync(CancellationToken ct)
    {
        var changed = new List<DeploymentTarget>();
        foreach (var target in Targets())
        {
            var stable = await Context.Marathon.GetAppAsync(target.StableAppId, ct).ConfigureAwait(false);
            var live = stable is null ? null : StableLabels.TryRead(stable, target.Name);
            if (live is null) { changed.Add(target); continue; }
            var head = Git.ReadHead(Path.Combine(Options.RepositoryRoot, target.Pipeline.Source), allowDirty: true);
            if (head.Commit == live.Commit) continue;
            try
            {
                if (Git.ChangedFolders(Options.RepositoryRoot, live.Commit.Value, head.Commit.Value, [target.Pipeline.Source, target.Pipeline.File]).Count > 0)
                    changed.Add(target);
            }
            catch (DeliveryException)
            {
                changed.Add(target); // the live commit is not in this clone's history (shallow CI clone): deploy to be sure
            }
        }
        return changed;
    }

    private BakeAndPushUseCase CreateReleaser()
    {
        var credentials = Options.Credentials?.Invoke(Environment) ?? ImageServices.DefaultCredentials(Environment);
        var services = new ImageServices(Environment, credentials, Options.Time, Git);
        _owned.Add(services);
        return services.Releaser;
    }

    /// <summary>
    /// Waits for notifications and metrics still on their way (each listener within its own bound, about 5 s); the
    /// runs themselves never wait for them. Called by <see cref="Dispose"/>, so the end of the process does it.
    /// </summary>
    public Task DrainAsync(CancellationToken ct) => Context.Listener?.DrainAsync(ct) ?? Task.CompletedTask;

    public void Dispose()
    {
        DrainAsync(CancellationToken.None).GetAwaiter().GetResult();
        foreach (var owned in _owned) owned.Dispose();
        _owned.Clear();
    }
}
