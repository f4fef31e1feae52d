using Delivery.Runner.Execution;
using System.Reflection;

namespace Delivery.Runner.Parameters;

/// <summary>A field or property marked [Parameter], with the name users type and how to read and write it.</summary>
internal sealed class ParameterMember
{
    ParameterMember(MemberInfo member, ParameterAttribute attribute)
    {
        Member = member;
        Name = attribute.Name ?? member.Name;
        Description = attribute.Description;
        Separator = attribute.Separator;
        IsSecret = member.GetCustomAttribute<SecretAttribute>() is not null;
        Type = member is FieldInfo field ? field.FieldType : ((PropertyInfo)member).PropertyType;
    }

    public MemberInfo Member { get; }
    public string Name { get; }
    public string? Description { get; }
    public char Separator { get; }
    public bool IsSecret { get; }
    public Type Type { get; }

    /// <summary>The command-line spelling, e.g. <c>--docker-registry</c>.</summary>
    public string CliName => "--" + ParameterNaming.Kebab(Name);

    /// <summary>All [Parameter] members of the build class and its bases, in declaration order.</summary>
    public static List<ParameterMember> All(Type buildType)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var hierarchy = new List<Type>();
        for (var current = buildType; current is not null && current != typeof(object); current = current.BaseType)
            hierarchy.Insert(0, current);
        return hierarchy
            .SelectMany(type => type.GetFields(flags).Cast<MemberInfo>().Concat(type.GetProperties(flags)).OrderBy(x => x.MetadataToken))
            .Select(member => member.GetCustomAttribute<ParameterAttribute>() is { } attribute ? new ParameterMember(member, attribute) : null)
            .OfType<ParameterMember>()
            .ToList();
    }

    /// <summary>Finds the parameter behind a member named in <c>Requires(() => Member)</c>.</summary>
    public static string DisplayName(MemberInfo member) =>
        "--" + ParameterNaming.Kebab(member.GetCustomAttribute<ParameterAttribute>()?.Name ?? member.Name);

    public object? GetValue(object build) => Member switch
    {
        FieldInfo field => field.GetValue(build),
        PropertyInfo property when property.GetMethod is not null => property.GetValue(build),
        _ => null,
    };

    public void SetValue(object build, object? value) => MemberWriter.Write(build, Member, value, $"Parameter '{CliName}'");
}
