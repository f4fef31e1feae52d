namespace Delivery.Runner;

/// <summary>
/// A build target, declared as a property of this delegate type on the build class; the property name is
/// the target name. The body receives a fresh definition and configures it fluently.
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);
