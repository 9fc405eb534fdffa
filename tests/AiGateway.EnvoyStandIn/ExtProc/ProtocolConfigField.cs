using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;

namespace AiGateway.EnvoyStandIn.ExtProc;

/// <summary>
/// Adds ProcessingRequest.protocol_config (field 11, Envoy 1.34+) to the first message. The pinned protos (Envoy 1.31 API,
/// ext-proc-protocol.md §1.7) lack the field, so it is written as raw bytes and kept as an unknown field, which protobuf
/// serialises on the wire exactly as Envoy would.
/// </summary>
internal static class ProtocolConfigField
{
    public const int FieldNumber = 11;

    public static ProcessingRequest AddTo(ProcessingRequest request, BodySendMode requestBodyMode, BodySendMode responseBodyMode)
    {
        using var inner = new MemoryStream();
        var innerWriter = new CodedOutputStream(inner);
        if (requestBodyMode != BodySendMode.None)
        {
            innerWriter.WriteTag(1, WireFormat.WireType.Varint);
            innerWriter.WriteEnum((int)requestBodyMode);
        }

        if (responseBodyMode != BodySendMode.None)
        {
            innerWriter.WriteTag(2, WireFormat.WireType.Varint);
            innerWriter.WriteEnum((int)responseBodyMode);
        }

        innerWriter.Flush();

        using var outer = new MemoryStream();
        request.WriteTo(outer);
        var outerWriter = new CodedOutputStream(outer);
        outerWriter.WriteTag(FieldNumber, WireFormat.WireType.LengthDelimited);
        outerWriter.WriteBytes(ByteString.CopyFrom(inner.ToArray()));
        outerWriter.Flush();
        return ProcessingRequest.Parser.ParseFrom(outer.ToArray());
    }

    /// <summary>Reads the field back (for tests and recordings): (request_body_mode, response_body_mode), or null.</summary>
    public static (BodySendMode Request, BodySendMode Response)? Read(ProcessingRequest request)
    {
        var input = new CodedInputStream(request.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) != FieldNumber)
            {
                input.SkipLastField();
                continue;
            }

            var inner = new CodedInputStream(input.ReadBytes().ToByteArray());
            var modes = (BodySendMode.None, BodySendMode.None);
            uint innerTag;
            while ((innerTag = inner.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(innerTag))
                {
                    case 1:
                        modes.Item1 = (BodySendMode)inner.ReadEnum();
                        break;
                    case 2:
                        modes.Item2 = (BodySendMode)inner.ReadEnum();
                        break;
                    default:
                        inner.SkipLastField();
                        break;
                }
            }

            return modes;
        }

        return null;
    }
}
