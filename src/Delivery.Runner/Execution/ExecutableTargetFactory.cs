using System.Reflection;

namespace Delivery.Runner.Execution;

/// <summary>
/// Reads the <see cref="Target"/> properties of a build class, runs their bodies against fresh definitions,
/// and links the resulting targets in both directions (<c>A.DependentFor(B)</c> is <c>B.DependsOn(A)</c>).
/// </summary>
/// <remarks>
/// Declaration order, which breaks ties in the plan, is base classes first, then metadata-token order.
/// Within one file that is the order of the property declarations; across partial files it is the order in
/// which the compiler received the files (MSBuild's glob order), so give dependencies explicitly where the
/// order matters across files.
/// </remarks>
internal static class ExecutableTargetFactory
{
    public static List<ExecutableTarget> Create(BuildProgram build, IReadOnlyList<string> defaultTargets)
    {
        var targets = TargetProperties(build.GetType())
            .Select((property, index) => Define(build, property, index))
            .ToList();
        foreach (var target in targets)
            Link(target, targets);
        foreach (var target in TargetNames.Resolve(targets, defaultTargets, "default target"))
            target.IsDefault = true;
        return targets;
    }

    static IEnumerable<PropertyInfo> TargetProperties(Type type)
    {
        var hierarchy = new List<Type>();
        for (var current = type; current is not null && current != typeof(BuildProgram); current = current.BaseType)
            hierarchy.Insert(0, current);
        return hierarchy.SelectMany(declaring => declaring
            .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(x => x.PropertyType == typeof(Target) && x.GetMethod is not null && x.GetIndexParameters().Length == 0)
            .OrderBy(x => x.MetadataToken));
    }

    static ExecutableTarget Define(BuildProgram build, PropertyInfo property, int index)
    {
        var definition = new TargetDefinition();
        Target factory;
        try
        {
            factory = (Target?)property.GetValue(build)
                ?? throw new BuildException($"Target '{property.Name}' is null; give it a body such as '_ => _.Executes(...)'.");
            factory(definition);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is { } inner)
        {
            throw new BuildException($"Target '{property.Name}' could not be defined: {inner.Message}");
        }
        catch (Exception exception) when (exception is not BuildException)
        {
            throw new BuildException($"Target '{property.Name}' could not be defined: {exception.Message}");
        }
        return new ExecutableTarget(property.Name, definition) { DeclarationIndex = index, Factory = factory };
    }

    static void Link(ExecutableTarget target, List<ExecutableTarget> all)
    {
        var definition = target.Definition;
        foreach (var other in Resolve(definition.DependsOnTargets, "DependsOn"))
            Add(target.ExecutionDependencies, other);
        foreach (var other in Resolve(definition.DependentForTargets, "DependentFor"))
            Add(other.ExecutionDependencies, target);
        foreach (var other in Resolve(definition.AfterTargets, "After"))
            Add(target.OrderDependencies, other);
        foreach (var other in Resolve(definition.BeforeTargets, "Before"))
            Add(other.OrderDependencies, target);
        foreach (var other in Resolve(definition.TriggersTargets, "Triggers"))
        {
            Add(target.Triggers, other);
            Add(other.TriggerDependencies, target);
        }
        foreach (var other in Resolve(definition.TriggeredByTargets, "TriggeredBy"))
        {
            Add(other.Triggers, target);
            Add(target.TriggerDependencies, other);
        }

        IEnumerable<ExecutableTarget> Resolve(List<Target> references, string verb) => references.Select(reference =>
        {
            // Property getters build a new delegate on each read; delegates over the same method and
            // instance compare equal, which is how NUKE resolves references too.
            var other = all.FirstOrDefault(x => Equals(x.Factory, reference))
                ?? all.FirstOrDefault(x => x.Factory?.Method == reference.Method)
                ?? throw new BuildException($"Target '{target.Name}' names in {verb} a target that is not a public Target property of the build class.");
            return other != target
                ? other
                : throw new BuildException($"Target '{target.Name}' cannot name itself in {verb}.");
        });
    }

    static void Add(List<ExecutableTarget> list, ExecutableTarget target)
    {
        if (!list.Contains(target))
            list.Add(target);
    }
}
