using Delivery.Runner.Output;
using Delivery.Runner.Parameters;

namespace Delivery.Runner.Execution;

/// <summary>
/// Runs one build from start to end: root, parameters, targets, plan, skips, requirements, execution,
/// summary. Everything that can be wrong with the invocation is found before the first target runs and
/// is reported as one message with exit code 1 (or the build's <see cref="BuildProgram.InvocationErrorExitCode"/>).
/// </summary>
internal sealed class BuildManager
{
    readonly BuildHost _host;
    readonly SecretRedactor _secrets = new();
    BuildConsole _console;

    public BuildManager(BuildHost host)
    {
        _host = host;
        _console = new BuildConsole(host.Output, host.UseColor, _secrets);
    }

    /// <summary>Runs a build object that already exists (tests).</summary>
    public int Run(BuildProgram build, IReadOnlyList<string> defaultTargets) => Run(build.GetType(), () => build, defaultTargets);

    /// <summary>Runs the build that <paramref name="create"/> makes; its constructor runs once the host is known.</summary>
    public int Run(Type buildType, Func<BuildProgram> create, IReadOnlyList<string> defaultTargets)
    {
        BuildProgram? build = null;
        var previousHost = BuildProgram.EnterHost(null);
        try
        {
            var members = ParameterMember.All(buildType);
            var arguments = ArgumentParser.Parse(_host.Arguments, key => BuiltInOptions.IsFlag(key) || IsBoolParameter(members, key));
            var json = arguments.Flag("json");
            if (json)
                _console = new BuildConsole(_host.ErrorOutput, _host.UseColorOnError, _secrets);
            var (host, hostError) = HostDetector.Detect(arguments, _host.Environment);
            BuildProgram.EnterHost(host);
            build = Create(buildType, create);
            if (hostError is not null)
                throw new BuildException(hostError);
            var verbosity = ReadVerbosity(arguments);
            var root = RootLocator.Find(arguments, _host.WorkingDirectory);
            var log = new BuildLog(_console, _host.Time, verbosity, _secrets);
            var context = new BuildContext(root, log, _secrets, host != Host.Terminal) { StandardOutput = _host.Output, Json = json };
            build.Attach(context);

            var prepared = Prepare(build, members, arguments, context, defaultTargets);
            if (prepared is not { } plan)
                return 0;
            return Execute(build, arguments, context, plan);
        }
        catch (BuildException exception)
        {
            _console.WriteLine(exception.Message, ConsoleColor.Red);
            return build is null ? 1 : build.ExitCode ?? build.InvocationErrorCode;
        }
        catch (Exception exception)
        {
            // Not the user's mistake: a fault in the runner or in reflection over the build class.
            _console.WriteLine($"The build could not start: {ExceptionText.Describe(exception)}", ConsoleColor.Red);
            if (_host.Arguments.Any(x => x.Equals("verbose", StringComparison.OrdinalIgnoreCase)))
                _console.WriteLine(exception.ToString());
            return 1;
        }
        finally
        {
            BuildProgram.EnterHost(previousHost);
            _console.Flush();
        }
    }

    // A constructor (or field initialiser) that throws is the build's own mistake: one line, as NUKE
    // prints it, rather than an unhandled exception that aborts the process.
    static BuildProgram Create(Type buildType, Func<BuildProgram> create)
    {
        try
        {
            return create();
        }
        catch (Exception exception)
        {
            throw new BuildException($"The build class {buildType.Name} could not be created: {ExceptionText.Describe(exception)}");
        }
    }

    /// <summary>Everything before the first target; null when the invocation only asked for help or the plan.</summary>
    List<ExecutableTarget>? Prepare(
        BuildProgram build, List<ParameterMember> members, ParsedArguments arguments, BuildContext context, IReadOnlyList<string> defaultTargets)
    {
        RejectUnknownOptions(arguments, members);
        var defaults = members.Select(x => (x, x.GetValue(build))).ToList();
        var profiles = arguments.Option("profile")?.Values ?? [];
        new ParameterResolver(arguments, _host.Environment, context.RootDirectory, profiles, context.Log, _secrets).Inject(build, members);
        ValueInjector.Inject(build, context, _host.Environment);

        var targets = ExecutableTargetFactory.Create(build, defaultTargets);
        SchemaWriter.WriteIfChanged(context.RootDirectory, members, context.Log);
        if (CI.CIConfigurations.Update(build.GetType(), context.RootDirectory, arguments.Flag("generate-configuration"), context.IsServerBuild, context.Log))
            return null;
        // NUKE shows the help when there is nothing to run: no target named and no default.
        if (arguments.Flag("help") || InvokedNames(arguments, targets).Count == 0)
        {
            new HelpWriter(_console).Write(targets, defaults);
            return null;
        }

        var names = InvokedNames(arguments, targets);
        var invoked = TargetNames.Resolve(targets, names, "target");
        invoked.ForEach(x => x.IsInvoked = true);
        context.InvokedTargets.AddRange(invoked.Select(x => x.Name));

        var plan = ExecutionPlanner.Plan(invoked, targets, arguments.Flag("strict"));
        var skip = arguments.Option("skip") is { } option ? TargetNames.Resolve(targets, SplitNames(option.Values), "target in --skip") : null;
        SkipResolver.Apply(plan, skip);
        if (arguments.Flag("continue") && !new AttemptLog(context.RootDirectory, _host.Arguments).Continue(plan))
            context.Log.Warning("Nothing to continue: the previous attempt was invoked differently or did not run; running every target.");
        if (arguments.Flag("plan"))
        {
            new PlanWriter(_console).Write(plan, context.InvokedTargets);
            return null;
        }
        RequirementChecker.Check(plan);
        return plan;
    }

    int Execute(BuildProgram build, ParsedArguments arguments, BuildContext context, List<ExecutableTarget> plan)
    {
        if (!arguments.Flag("no-logo") && context.Log.Verbosity >= Verbosity.Normal)
            Logo.Write(_console);
        if (!Hook(build.RaiseBuildInitialized, "OnBuildInitialized", context))
        {
            plan.Where(x => x.Status == ExecutionStatus.Scheduled).ToList().ForEach(x => x.Status = ExecutionStatus.NotRun);
        }
        else
        {
            new BuildExecutor(context, _host.Signal, _host.Time, _console).Execute(plan);
        }
        new AttemptLog(context.RootDirectory, _host.Arguments).Record(plan);
        var hooksSucceeded = Hook(build.RaiseBuildFinished, "OnBuildFinished", context);

        var succeeded = hooksSucceeded && plan.All(x => x.Status is ExecutionStatus.Succeeded or ExecutionStatus.Skipped or ExecutionStatus.Collective);
        new SummaryWriter(_console).Write(plan, context.Log.WarningsAndErrors, succeeded, _host.Time.GetUtcNow());
        return build.ExitCode ?? (succeeded ? 0 : 1);
    }

    static bool Hook(Action hook, string name, BuildContext context)
    {
        try
        {
            hook();
            return true;
        }
        catch (Exception exception)
        {
            context.Log.Error($"{name} failed: {ExceptionText.Describe(exception)}");
            return false;
        }
    }

    static List<string> InvokedNames(ParsedArguments arguments, IReadOnlyList<ExecutableTarget> targets)
    {
        var names = SplitNames(arguments.Positional.Concat(arguments.Option("target")?.Values ?? []));
        return names.Count > 0 ? names : targets.Where(x => x.IsDefault).Select(x => x.Name).ToList();
    }

    static List<string> SplitNames(IEnumerable<string> tokens) =>
        tokens.SelectMany(x => x.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    static void RejectUnknownOptions(ParsedArguments arguments, IReadOnlyList<ParameterMember> members)
    {
        var known = members.Select(x => ParameterNaming.Normalize(x.Name)).ToHashSet();
        foreach (var (key, option) in arguments.Options)
        {
            if (known.Contains(key) || BuiltInOptions.Contains(key))
                continue;
            var candidates = members.Select(x => x.CliName).Concat(BuiltInOptions.All.Select(x => "--" + x.Name));
            var closest = candidates.MinBy(x => ParameterNaming.Distance(ParameterNaming.Normalize(x), key));
            var hint = closest is not null && ParameterNaming.Distance(ParameterNaming.Normalize(closest), key) <= Math.Max(2, key.Length / 3)
                ? $" Did you mean '{closest}'?"
                : " Run with --help to see the parameters.";
            throw new BuildException($"Unknown option '{option.Spelling}'.{hint}");
        }
    }

    static Verbosity ReadVerbosity(ParsedArguments arguments)
    {
        if (arguments.Option("verbosity") is not { } option)
            return Verbosity.Normal;
        if (option.Values.Count == 1 && Enum.TryParse<Verbosity>(option.Values[0], ignoreCase: true, out var verbosity) && Enum.IsDefined(verbosity))
            return verbosity;
        throw new BuildException($"Parameter '--verbosity' got '{string.Join(" ", option.Values)}', but expects one of quiet, minimal, normal, verbose.");
    }

    static bool IsBoolParameter(IEnumerable<ParameterMember> members, string key) =>
        members.Any(x => ParameterNaming.Normalize(x.Name) == key && (Nullable.GetUnderlyingType(x.Type) ?? x.Type) == typeof(bool));
}
