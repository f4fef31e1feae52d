namespace Delivery.Runner.CI;

/// <summary>
/// Turns the [GitLabCI] attributes into <c>.gitlab-ci.yml</c>. Syntax: docs.gitlab.com/ci/yaml; AWS by OIDC as in
/// docs.gitlab.com/ci/cloud_services/aws (an <c>id_tokens</c> token exchanged with <c>aws sts assume-role-with-web-identity</c>).
/// </summary>
internal static class GitLabCIWriter
{
    const string TokenVariable = "AWS_ID_TOKEN";

    // GitLab's default stages, in its order; others follow by name.
    static readonly string[] DefaultStages = ["build", "test", "deploy"];

    public static GeneratedFile Write(IReadOnlyList<GitLabCIAttribute> attributes, CIContext context)
    {
        var document = new YamlMap();
        var stages = attributes.Select(x => x.Stage).Distinct()
            .OrderBy(x => Array.IndexOf(DefaultStages, x) is var i and >= 0 ? i : DefaultStages.Length)
            .ThenBy(x => x, StringComparer.Ordinal);
        document.Add("stages", new YamlList(stages));
        if (PipelineVariables(attributes, context) is { Entries.Count: > 0 } variables)
            document.Add("variables", variables, "Asked for by the \"Run pipeline\" form; empty ones are not read by the build.");
        foreach (var attribute in attributes)
            foreach (var job in CIJob.Expand(attribute, context.Root))
                document.Add(job.Id, Job(attribute, job), attribute.Comment);
        // Each job's comment goes above the job; the header only says where the file comes from.
        var header = CIContext.Header(attributes[0], "[GitLabCI] attributes", withComment: false);
        return new GeneratedFile(GitLabCIAttribute.FilePath, YamlWriter.Write(document, header));
    }

    static YamlMap PipelineVariables(IReadOnlyList<GitLabCIAttribute> attributes, CIContext context)
    {
        var variables = new YamlMap();
        var names = attributes.SelectMany(x => x.OnWebRequiredVariables.Concat(x.OnWebOptionalVariables))
            .Select(CIContext.VariableName).Distinct().Order(StringComparer.Ordinal);
        foreach (var name in names)
            variables.Add(name, new YamlMap().Add("value", "").Add("description", context.Describe(name)));
        return variables;
    }

    static YamlMap Job(GitLabCIAttribute attribute, CIJob job)
    {
        var map = new YamlMap().Add("stage", attribute.Stage);
        if (attribute.Image is { } image) map.Add("image", image);
        map.Add("needs", new YamlList());
        map.Add("rules", Rules(attribute));
        if (attribute.ResourceGroup is { } group) map.Add("resource_group", CIJob.Fill(attribute, job.Value, group));
        if (attribute.TimeoutMinutes > 0) map.Add("timeout", $"{attribute.TimeoutMinutes} minutes");
        if (attribute.FetchDepth != 1)
            // GitLab's GIT_DEPTH 0 fetches the whole history, as GitHub's fetch-depth 0.
            map.Add("variables", new YamlMap().Add("GIT_DEPTH", attribute.FetchDepth.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var script = new YamlList();
        if (attribute.AwsRoleToAssume is { } role)
        {
            map.Add("id_tokens", new YamlMap().Add(TokenVariable, new YamlMap().Add("aud", attribute.OidcAudience)));
            script.Add(new YamlScalar(AssumeRole(role, attribute.AwsRegion)));
        }
        if (attribute.BeforeScript.Length > 0) map.Add("before_script", new YamlList(attribute.BeforeScript));
        script.Add(new YamlScalar(job.Command));
        map.Add("script", script);
        if (attribute.PublishArtifacts.Length > 0)
            map.Add("artifacts", new YamlMap()
                .Add("when", "always")
                .Add("paths", new YamlList(attribute.PublishArtifacts.Select(x => CIJob.Fill(attribute, job.Value, x)))));
        return map;
    }

    static YamlList Rules(GitLabCIAttribute attribute)
    {
        var triggers = attribute.On.ToHashSet();
        if (attribute.OnPushBranches.Length > 0) triggers.Add(GitLabCITrigger.Push);
        if (attribute.OnWebRequiredVariables.Length > 0) triggers.Add(GitLabCITrigger.Web);
        if (triggers.Count == 0)
            throw new BuildException($"GitLab CI job '{attribute.Name}' has no trigger: set On, OnPushBranches or OnWebRequiredVariables.");
        var rules = new YamlList();
        if (triggers.Contains(GitLabCITrigger.Push))
        {
            var push = "$CI_PIPELINE_SOURCE == \"push\"";
            var branches = attribute.OnPushBranches.Select(b => $"$CI_COMMIT_BRANCH == \"{b}\"").ToList();
            if (branches.Count == 1) push += " && " + branches[0];
            if (branches.Count > 1) push += " && (" + string.Join(" || ", branches) + ")";
            rules.Add(new YamlMap().Add("if", push));
        }
        if (triggers.Contains(GitLabCITrigger.MergeRequest))
            rules.Add(new YamlMap().Add("if", "$CI_PIPELINE_SOURCE == \"merge_request_event\""));
        if (triggers.Contains(GitLabCITrigger.Schedule))
            rules.Add(new YamlMap().Add("if", "$CI_PIPELINE_SOURCE == \"schedule\""));
        if (triggers.Contains(GitLabCITrigger.Web))
        {
            var web = "$CI_PIPELINE_SOURCE == \"web\"";
            foreach (var name in attribute.OnWebRequiredVariables)
                web += $" && ${CIContext.VariableName(name)}";
            rules.Add(new YamlMap().Add("if", web));
        }
        return rules;
    }

    // The shape GitLab documents: the job's OIDC token exchanged for keys of the role, exported for the build (the AWS
    // SDK's default chain reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN).
    static string AssumeRole(string role, string? region) =>
        "export $(printf \"AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s\" "
        + $"$(aws sts assume-role-with-web-identity{(region is null ? "" : $" --region {region}")} --role-arn \"{role}\" "
        + "--role-session-name \"gitlab-$CI_PROJECT_ID-$CI_JOB_ID\" --web-identity-token \"$" + TokenVariable + "\" "
        + "--duration-seconds 3600 --query \"Credentials.[AccessKeyId,SecretAccessKey,SessionToken]\" --output text))";
}
