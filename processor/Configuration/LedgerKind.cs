namespace AiGateway.Processor.Configuration;

/// <summary>The budget ledger's store.</summary>
internal enum LedgerKind
{
    Sqlite,
    Redis,
}
