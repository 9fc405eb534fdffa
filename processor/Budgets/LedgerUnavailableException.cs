namespace AiGateway.Processor.Budgets;

/// <summary>The shared ledger cannot be reached. Admission fails closed (503) unless configured to fail open.</summary>
internal sealed class LedgerUnavailableException(string message, Exception inner) : Exception(message, inner);
