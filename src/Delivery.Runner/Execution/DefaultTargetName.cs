using System.Linq.Expressions;

namespace Delivery.Runner.Execution;

/// <summary>Turns <c>x => x.Compile</c> into the target name "Compile".</summary>
internal static class DefaultTargetName
{
    public static string Of<T>(Expression<Func<T, Target>> selector) => selector.Body switch
    {
        MemberExpression member => member.Member.Name,
        _ => throw new ArgumentException($"A default target must be a target property such as 'x => x.Compile', not '{selector.Body}'."),
    };
}
