namespace AiGateway.FakeProviders.Recording;

/// <summary>Thread-safe, append-only list of received requests, with waiting for a request to arrive.</summary>
internal sealed class RequestLog
{
    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _requests = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_lock)
        {
            return [.. _requests];
        }
    }

    public void Add(RecordedRequest request)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _requests.Add(request);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public void Clear()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }

    public async Task<RecordedRequest> WaitForAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var found = _requests.Find(request => predicate(request));
                if (found is not null)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
    }
}
