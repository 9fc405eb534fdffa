namespace AiGateway.FakeProviders.Scripting;

/// <summary>One piece of a scripted reply's content, rendered into each provider's own block shape.</summary>
public abstract record ReplyBlock;
