using System.Buffers;

namespace AiGateway.Processor.Translation;

/// <summary>Writes neutral <see cref="StreamEvent"/>s as one client schema's stream. Per-request and stateful.</summary>
internal interface IClientStreamEncoder
{
    void Write(in StreamEvent streamEvent, IBufferWriter<byte> output);
}
