using Delivery.Runner.Parameters;

namespace Delivery.Runner.CI;

/// <summary>
/// Turns a <see cref="GitHubActionsAttribute"/> into a workflow file. Syntax: docs.github.com/en/actions/reference/
/// workflows-and-actions/workflow-syntax; the tests check the output with GitHub's own parser (@actions/workflow-parser).
/// </summary>
internal static class GitHubActionsWriter
{
    // Major versions of the actions used; a new major is a deliberate change of the generated files.
    const string Checkout = "actions/checkout@v4";
    const string SetupDotNet = "actions/setup-dotnet@v4";
    const string AwsCredentials = "aws-actions/configure-aws-credentials@v4";
    const string UploadArtifact = "actions/upload-artifact@v4";

    public static GeneratedFile Write(GitHubActionsAttribute attribute, CIContext context)
    {
        var workflow = new YamlMap()
            .Add("name", attribute.Name)
            .Add("on", Triggers(attribute, context));
        if (Permissions(attribute) is { } permissions)
            workflow.Add("permissions", permissions);
        var jobs = new YamlMap();
        foreach (var job in CIJob.Expand(attribute, context.Root))
            jobs.Add(job.Id, Job(attribute, job, context));
        workflow.Add("jobs", jobs);
        return new GeneratedFile(attribute.FilePath, YamlWriter.Write(workflow, CIContext.Header(attribute, $"[GitHubActions(\"{attribute.Name}\")]")));
    }

    static YamlMap Triggers(GitHubActionsAttribute attribute, CIContext context)
    {
        var on = new YamlMap();
        var triggers = attribute.On.ToHashSet();
        if (attribute.OnPushBranches.Length > 0) triggers.Add(GitHubActionsTrigger.Push);
        if (attribute.OnPullRequestBranches.Length > 0) triggers.Add(GitHubActionsTrigger.PullRequest);
        if (Inputs(attribute).Any()) triggers.Add(GitHubActionsTrigger.WorkflowDispatch);
        if (triggers.Contains(GitHubActionsTrigger.Push))
            on.Add("push", Branches(attribute.OnPushBranches));
        if (triggers.Contains(GitHubActionsTrigger.PullRequest))
            on.Add("pull_request", Branches(attribute.OnPullRequestBranches));
        if (triggers.Contains(GitHubActionsTrigger.WorkflowDispatch))
        {
            var inputs = new YamlMap();
            foreach (var (name, required) in Inputs(attribute))
                inputs.Add(name, new YamlMap()
                    .Add("description", context.Describe(name))
                    .Add("required", required)
                    .Add("type", "string"));
            on.Add("workflow_dispatch", inputs.Entries.Count == 0 ? null : new YamlMap().Add("inputs", inputs));
        }
        if (attribute.OnCronSchedule is { } cron)
            on.Add("schedule", new YamlList().Add(new YamlMap().Add("cron", cron)));
        if (on.Entries.Count == 0)
            throw new BuildException($"GitHub Actions workflow '{attribute.Name}' has no trigger: set On, OnPushBranches, OnCronSchedule or inputs.");
        return on;
    }

    static YamlMap? Branches(string[] branches) => branches.Length == 0 ? null : new YamlMap().Add("branches", new YamlList(branches));

    static IEnumerable<(string Name, bool Required)> Inputs(GitHubActionsAttribute attribute) =>
        attribute.OnWorkflowDispatchRequiredInputs.Select(x => (x, true))
            .Concat(attribute.OnWorkflowDispatchOptionalInputs.Select(x => (x, false)));

    static YamlMap? Permissions(GitHubActionsAttribute attribute)
    {
        var write = attribute.WritePermissions.ToHashSet();
        if (attribute.AwsRoleToAssume is not null) write.Add(GitHubActionsPermission.IdToken);
        var read = attribute.ReadPermissions.Where(x => !write.Contains(x)).ToHashSet();
        if (write.Count == 0 && read.Count == 0) return null;
        // Listing any permission sets the others to none; the checkout still needs to read the repository.
        if (!write.Contains(GitHubActionsPermission.Contents)) read.Add(GitHubActionsPermission.Contents);
        var permissions = new YamlMap();
        foreach (var permission in read.Concat(write).Order())
            permissions.Add(PermissionName(permission), write.Contains(permission) ? "write" : "read");
        return permissions;
    }

    static string PermissionName(GitHubActionsPermission permission) => permission switch
    {
        GitHubActionsPermission.IdToken => "id-token",
        GitHubActionsPermission.PullRequests => "pull-requests",
        _ => permission.ToString().ToLowerInvariant(),
    };

    static YamlMap Job(GitHubActionsAttribute attribute, CIJob job, CIContext context)
    {
        var map = new YamlMap();
        if (job.Value is not null) map.Add("name", $"{attribute.Name} {job.Value}");
        map.Add("runs-on", attribute.RunsOn);
        if (attribute.TimeoutMinutes > 0) map.Add("timeout-minutes", attribute.TimeoutMinutes);
        if (attribute.ConcurrencyGroup is { } group)
            map.Add("concurrency", new YamlMap()
                .Add("group", CIJob.Fill(attribute, job.Value, group))
                .Add("cancel-in-progress", attribute.ConcurrencyCancelInProgress));
        map.Add("steps", Steps(attribute, job));
        return map;
    }

    static YamlList Steps(GitHubActionsAttribute attribute, CIJob job)
    {
        var steps = new YamlList();
        var checkout = new YamlMap().Add("uses", Checkout);
        if (attribute.FetchDepth != 1) checkout.Add("with", new YamlMap().Add("fetch-depth", attribute.FetchDepth));
        steps.Add(checkout);
        if (attribute.DotNetVersion is { } dotnet)
            steps.Add(new YamlMap().Add("uses", SetupDotNet).Add("with", new YamlMap().Add("dotnet-version", dotnet)));
        if (attribute.AwsRoleToAssume is { } role)
        {
            var with = new YamlMap().Add("role-to-assume", role);
            if (attribute.AwsRegion is { } region) with.Add("aws-region", region);
            steps.Add(new YamlMap().Add("uses", AwsCredentials).Add("with", with));
        }
        var run = new YamlMap().Add("name", string.Join(" ", attribute.InvokedTargets)).Add("run", job.Command);
        var env = new YamlMap();
        foreach (var (name, _) in Inputs(attribute))
            env.Add(CIContext.VariableName(name), $"${{{{ inputs.{name} }}}}");
        foreach (var secret in attribute.ImportSecrets)
            env.Add(secret, $"${{{{ secrets.{secret} }}}}");
        if (env.Entries.Count > 0) run.Add("env", env);
        steps.Add(run);
        if (attribute.PublishArtifacts.Length > 0)
            steps.Add(new YamlMap()
                .Add("uses", UploadArtifact)
                .Add("if", "always()", "Reports matter most when the run failed.")
                .Add("with", new YamlMap()
                    .Add("name", job.Id)
                    .Add("path", string.Join("\n", attribute.PublishArtifacts.Select(x => CIJob.Fill(attribute, job.Value, x))))
                    .Add("if-no-files-found", "ignore")));
        return steps;
    }
}
