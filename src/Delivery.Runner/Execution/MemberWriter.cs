using System.Reflection;

namespace Delivery.Runner.Execution;

/// <summary>
/// Writes an injected value into the build object the way NUKE does: by reflection, on the field, through the setter, or
/// on the compiler's backing field of a get-only auto-property (readonly fields and such properties are the usual way to
/// declare parameters and injected values).
/// </summary>
internal static class MemberWriter
{
    /// <param name="shownAs">How errors name the member, e.g. "Parameter '--app'".</param>
    public static void Write(object target, MemberInfo member, object? value, string shownAs)
    {
        switch (member)
        {
            case FieldInfo field:
                field.SetValue(target, value);
                break;
            case PropertyInfo { SetMethod: not null } property:
                property.SetValue(target, value);
                break;
            case PropertyInfo property:
                var backing = property.DeclaringType!.GetField($"<{property.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)
                    ?? throw new BuildException($"{shownAs} is a property without a setter; make it a field or give it a setter.");
                backing.SetValue(target, value);
                break;
        }
    }
}
