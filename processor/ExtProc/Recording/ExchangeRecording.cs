using System.Text;
using Envoy.Service.ExtProc.V3;

namespace AiGateway.Processor.ExtProc.Recording;

/// <summary>The lines of one stream's recording, redacted as they are added, written to its file when the stream ends.</summary>
internal sealed class ExchangeRecording
{
    private readonly RecordingRedactor _redactor;
    private readonly StringBuilder _lines = new();

    public ExchangeRecording(RecordingRedactor redactor)
    {
        _redactor = redactor;
    }

    public int MessageCount { get; private set; }

    public void Add(ProcessingRequest request, ProcessingResponse? response)
    {
        _lines.AppendLine(RecordingFormat.MessageLine(RecordingFormat.RequestKey, _redactor.Redact(request)));
        MessageCount++;
        if (response is not null)
        {
            _lines.AppendLine(RecordingFormat.MessageLine(RecordingFormat.ResponseKey, _redactor.Redact(response)));
        }
    }

    public string Text(string headerLine) => headerLine + "\n" + _lines;
}
