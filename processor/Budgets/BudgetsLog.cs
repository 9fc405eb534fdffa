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

    [LoggerMessage(603, LogLevel.Warning, "Anomaly: {Count} budget reservations expired unsettled and were released", EventName = "ReservationsExpired")]
    public static partial void ReservationsExpired(ILogger logger, int count);
}
