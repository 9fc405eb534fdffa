using AiGateway.Benchmarks;

return await BenchCommand.RunAsync(args).ConfigureAwait(false);
