namespace AiGateway.Processor.EnvoyConfig;

/// <summary>The JSON value a YAML scalar becomes when Envoy loads YAML (see <see cref="EnvoyYamlScalar"/>).</summary>
internal enum EnvoyYamlScalarKind
{
    Null,
    Bool,
    Integer,
    String,
}
