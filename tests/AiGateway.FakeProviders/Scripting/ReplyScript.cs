using System.Collections.Concurrent;

namespace AiGateway.FakeProviders.Scripting;

/// <summary>
/// Queues of scripted replies: per model first, then per provider. An empty queue yields nothing and
/// the caller falls back to its default reply.
/// </summary>
internal sealed class ReplyScript
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedReply>> _byModel = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FakeProvider, ConcurrentQueue<ScriptedReply>> _byProvider = new();

    public void Enqueue(FakeProvider provider, IEnumerable<ScriptedReply> replies)
    {
        var queue = _byProvider.GetOrAdd(provider, _ => new ConcurrentQueue<ScriptedReply>());
        foreach (var reply in replies)
        {
            queue.Enqueue(reply);
        }
    }

    public void Enqueue(string model, IEnumerable<ScriptedReply> replies)
    {
        var queue = _byModel.GetOrAdd(model, _ => new ConcurrentQueue<ScriptedReply>());
        foreach (var reply in replies)
        {
            queue.Enqueue(reply);
        }
    }

    public ScriptedReply? Take(FakeProvider provider, string? model)
    {
        if (model is not null && _byModel.TryGetValue(model, out var modelQueue) && modelQueue.TryDequeue(out var forModel))
        {
            return forModel;
        }

        return _byProvider.TryGetValue(provider, out var queue) && queue.TryDequeue(out var reply) ? reply : null;
    }

    public void Clear()
    {
        _byModel.Clear();
        _byProvider.Clear();
    }
}
