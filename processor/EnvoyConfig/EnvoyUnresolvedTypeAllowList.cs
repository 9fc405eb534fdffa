namespace AiGateway.Processor.EnvoyConfig;

/// <summary>
/// <c>typed_config</c> types our Envoy accepts but the pinned npm protos (≈ Envoy 1.31 API) do not define, each
/// with the reason it is needed. <c>aigw check</c> reports any other unresolvable <c>@type</c> as an error, so a
/// typo never hides here. Empty today: every type envoy/*.yaml uses is in the package (protos/EnvoyConfig).
/// An entry skips the schema check of that one value only; document it in docs/operators.md when adding one.
/// </summary>
internal static class EnvoyUnresolvedTypeAllowList
{
    public static IReadOnlyDictionary<string, string> Reasons { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
