namespace Delivery.Core.Pipelines;

/// <summary>
/// The Marathon side of a pipeline: the app template (a JSON app definition as Marathon knows it) and the two app ids.
/// </summary>
/// <param name="AppId">Id of the stable track's app, taken from the template's <c>id</c>, e.g. <c>/games/lobby</c>.</param>
/// <param name="TemplatePath">The template file, relative to the repository root.</param>
/// <param name="TemplateJson">The template's text, validated; the engine fills in image, instances, labels and constraints.</param>
public sealed record MarathonAppSpec(string AppId, string TemplatePath, string TemplateJson)
{
    /// <summary>The canary track runs as a sibling app: <c>/games/lobby</c> → <c>/games/lobby-canary</c>.</summary>
    public string CanaryAppId => AppId + "-canary";
}
