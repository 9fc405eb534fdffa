namespace AiGateway.Processor.Budgets;

/// <summary>Log events of the Budgets folder (event ids 600–649).</summary>
internal static partial class BudgetsLog
{
    [LoggerMessage(600, LogLevel.Warning, "Budget ledger unreachable; admitting without a reservation (budgets.fail_open)", EventName = "LedgerFailOpen")]
    public static partial void FailOpen(ILogger logger, Exception exception);

    [LoggerMessage(601, LogLevel.Error, "Budget ledger unreachable; refusing the request (budgets.fail_open is off)", EventName = "LedgerFailClosed")]
    public static partial void FailClosed(ILogger logger, Exception exception);

    [LoggerMessage(602, LogLevel.Error, "Settling reservation {ReservationId} failed; it will expire and be released", EventName = "SettleFailed")]
    public static partial void SettleFailed(ILogger logger, string reservationId, Exception exception);

    [LoggerMessage(604, LogLevel.Warning, "Reservation {ReservationId} ended after shutdown began; it will expire and be released", EventName = "SettleAfterShutdown")]
    public static partial void SettleAfterShutdown(ILogger logger, string reservationId);

    [LoggerMessage(603, LogLevel.Warning, "Anomaly: {Count} budget reservations expired unsettled and were released", EventName = "ReservationsExpired")]
    public static partial void ReservationsExpired(ILogger logger, int count);

    [LoggerMessage(605, LogLevel.Warning, "Settling rate-limit tokens failed; the buckets refill within a minute", EventName = "RateReturnFailed")]
    public static partial void RateReturnFailed(ILogger logger, Exception exception);
}
