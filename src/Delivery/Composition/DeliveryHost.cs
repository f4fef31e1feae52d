using Delivery.Core;
using Delivery.Core.Pipelines;
using Delivery.Engine;
using Delivery.Git;
using Delivery.Journal;
using Delivery.Marathon;
using Delivery.Pipelines;

namespace Delivery.Composition;

/// <summary>
/// The one composition root of every verb (Deploy, Promote, Rollback, Reconcile, Status, Bake, Push): loads and
/// validates the environment and every pipeline first (bad input fails here, before any side effect), then wires the
/// adapters to the engine's use cases as they are asked for. Nothing here touches the network, the Docker engine or the
/// journal's file until a use case needs it: Status never connects to ECR, Bake never reads the journal. What it
/// creates it disposes, once, when the build finishes.
/// </summary>
public sealed partial class DeliveryHost : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly Lazy<EngineContext> _context;

    private DeliveryHost(DeliveryOptions options, DeliveryEnvironment environment, PipelineCatalog catalog, IMarathon marathon)
    {
        (Options, Environment, Catalog) = (options, environment, catalog);
        Git = new LibGit2Repository();
        // The journal's file is created on its first use, not here.
        Journal = new SqliteRunJournal(options.JournalPath ?? DefaultJournalPath(options.RepositoryRoot));
        _context = new Lazy<EngineContext>(() => CreateContext(marathon));
    }

    public DeliveryOptions Options { get; }
    public DeliveryEnvironment Environment { get; }
    public PipelineCatalog Catalog { get; }
    public IRunJournal Journal { get; }
    public IGitRepository Git { get; }

    /// <summary>The engine's ports, wired on first use.</summary>
    public EngineContext Context => _context.Value;

    public static string DefaultJournalPath(string root) => Path.Combine(root, ".nuke", "temp", "journal.db");

    /// <summary>Reads and checks the inputs only: the environment, the pipelines, and the Marathon credentials it names.</summary>
    /// <exception cref="DeliveryException">The environment or a pipeline is invalid (file:line:col), or credentials are missing.</exception>
    public static DeliveryHost Create(DeliveryOptions options, IMarathon? marathon = null)
    {
        var environment = EnvironmentLoader.Load(options.RepositoryRoot, options.Environment);
        var catalog = PipelineCatalog.Load(options.RepositoryRoot, environment, options.Only);
        // No connection is made here; a missing credential variable fails now, before anything acts.
        marathon ??= MarathonClientFactory.Create(environment.Marathon, options.Time);
        return new DeliveryHost(options, environment, catalog, marathon);
    }

    /// <summary>The pipelines named (all when none), each in this environment.</summary>
    public IReadOnlyList<DeploymentTarget> Targets(IEnumerable<string>? names = null)
    {
        var wanted = names?.Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        var pipelines = wanted is { Count: > 0 } ? wanted.Select(Catalog.Get).ToList() : Catalog.All.ToList();
        return pipelines.Select(p => new DeploymentTarget(p, Environment)).ToList();
    }

    public DeployUseCase Deploy(IImagePublisher? images = null) =>
        new(Context, Git, images ?? new ReleaserPublisher(Releaser), Options.RepositoryRoot);

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

    /// <summary>
    /// Waits for notifications and metrics still on their way (each listener within its own bound, about 5 s); the
    /// runs themselves never wait for them. Called by <see cref="Dispose"/>, so the end of the build does it.
    /// </summary>
    public Task DrainAsync(CancellationToken ct) =>
        _context.IsValueCreated ? Context.Listener?.DrainAsync(ct) ?? Task.CompletedTask : Task.CompletedTask;

    /// <summary>Remembers an adapter this host created, to dispose it with the host.</summary>
    private T Own<T>(T adapter) where T : IDisposable
    {
        lock (_owned) _owned.Add(adapter);
        return adapter;
    }

    public void Dispose()
    {
        DrainAsync(CancellationToken.None).GetAwaiter().GetResult();
        List<IDisposable> owned;
        lock (_owned) { owned = [.. _owned]; _owned.Clear(); }
        foreach (var adapter in owned) adapter.Dispose();
    }
}
