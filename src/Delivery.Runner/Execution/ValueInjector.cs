using System.Reflection;
using Delivery.Runner.Git;
using Delivery.Runner.Solutions;

namespace Delivery.Runner.Execution;

/// <summary>
/// Fills the members marked <see cref="GitRepositoryAttribute"/> and <see cref="SolutionAttribute"/>, after the
/// parameters and before planning, so that target bodies and conditions can read them. As in NUKE they fail
/// soft: a checkout or solution that cannot be found leaves the member null with a warning, and a target that
/// cannot do without it says so with <c>Requires(() => Repository)</c>.
/// </summary>
internal static class ValueInjector
{
    public static void Inject(BuildProgram build, BuildContext context, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var member in Members(build.GetType()))
        {
            if (member.GetCustomAttribute<GitRepositoryAttribute>() is not null)
                Set(build, member, typeof(GitRepository), "[GitRepository]", context,
                    () => GitRepositoryReader.Read(context.RootDirectory, BuildProgram.Host, environment)
                          ?? throw new IOException($"there is no git checkout at or above '{context.RootDirectory}'."));
            else if (member.GetCustomAttribute<SolutionAttribute>() is { } solution)
                Set(build, member, typeof(Solution), "[Solution]", context,
                    () => SolutionReader.Find(context.RootDirectory, solution.RelativePath));
        }
    }

    static void Set(BuildProgram build, MemberInfo member, Type expected, string attribute, BuildContext context, Func<object> read)
    {
        var type = member is FieldInfo field ? field.FieldType : ((PropertyInfo)member).PropertyType;
        if (type != expected)
            throw new BuildException($"{attribute} is on '{member.Name}', which is a {type.Name}; it needs a {expected.Name}.");
        object? value = null;
        try
        {
            value = read();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            context.Log.Warning($"{attribute} {member.Name} is left null: {exception.Message}");
        }
        Write(build, member, value);
    }

    static void Write(BuildProgram build, MemberInfo member, object? value) => MemberWriter.Write(build, member, value, $"'{member.Name}'");

    static IEnumerable<MemberInfo> Members(Type buildType)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        for (var type = buildType; type is not null && type != typeof(BuildProgram); type = type.BaseType)
        {
            foreach (var member in type.GetFields(flags).Cast<MemberInfo>().Concat(type.GetProperties(flags)))
            {
                if (member.IsDefined(typeof(GitRepositoryAttribute)) || member.IsDefined(typeof(SolutionAttribute)))
                    yield return member;
            }
        }
    }
}
