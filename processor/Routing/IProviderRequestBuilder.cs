using AiGateway.Processor.Translation;

namespace AiGateway.Processor.Routing;

/// <summary>Builds one attempt's provider request from the ORIGINAL client request (never from a previous attempt's output).</summary>
internal interface IProviderRequestBuilder
{
    /// <summary>The provider request, or the error the client should get (e.g. a feature the backend cannot serve).</summary>
    (AttemptRequest? Request, GatewayError? Error) Build(RoutedRequest request, BackendTarget target);
}
