namespace Delivery.Core.Canary;

/// <summary>What a run holds the pipeline's lease for. A rollback may take the lease from a deploy, never the reverse.</summary>
public enum LeaseIntent { Deploy, Rollback }
