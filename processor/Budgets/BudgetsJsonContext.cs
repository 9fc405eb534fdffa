using System.Text.Json.Serialization;

namespace AiGateway.Processor.Budgets;

/// <summary>Source-generated JSON for ledger bookkeeping (not a hot path).</summary>
[JsonSerializable(typeof(string[][]))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class BudgetsJsonContext : JsonSerializerContext;
