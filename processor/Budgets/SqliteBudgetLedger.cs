using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace AiGateway.Processor.Budgets;

/// <summary>
/// The embedded ledger for a single replica: SQLite in WAL mode, durable across restarts. One connection serialised
/// by a lock: every operation is one short transaction, so the check and the hold of a reservation are atomic.
/// </summary>
internal sealed class SqliteBudgetLedger : IBudgetLedger, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private bool _disposed;

    public SqliteBudgetLedger(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS balances (
                scope TEXT NOT NULL, period TEXT NOT NULL,
                settled INTEGER NOT NULL DEFAULT 0, reserved INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (scope, period));
            CREATE TABLE IF NOT EXISTS reservations (
                id TEXT PRIMARY KEY, scopes TEXT NOT NULL, amount INTEGER NOT NULL, expires_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS reservations_expiry ON reservations (expires_at);
            """);
    }

    public async ValueTask<ReservationOutcome> TryReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            foreach (var scope in reservation.Scopes)
            {
                var balance = Read(scope.Name, scope.Period, transaction);
                var remaining = scope.LimitMicroUsd - balance.SettledMicroUsd - balance.ReservedMicroUsd;
                if (reservation.AmountMicroUsd > remaining)
                {
                    return new ReservationOutcome(false, scope, Math.Max(0, remaining));
                }
            }

            foreach (var scope in reservation.Scopes)
            {
                AddToBalance(scope.Name, scope.Period, 0, reservation.AmountMicroUsd, transaction);
            }

            using var insert = Command("INSERT INTO reservations (id, scopes, amount, expires_at) VALUES ($id, $scopes, $amount, $expires)", transaction);
            insert.Parameters.AddWithValue("$id", reservation.Id);
            insert.Parameters.AddWithValue("$scopes", JsonSerializer.Serialize(reservation.Scopes.Select(s => new[] { s.Name, s.Period }).ToArray(), BudgetsJsonContext.Default.StringArrayArray));
            insert.Parameters.AddWithValue("$amount", reservation.AmountMicroUsd);
            insert.Parameters.AddWithValue("$expires", reservation.ExpiresAt.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
            transaction.Commit();
            return ReservationOutcome.Ok;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask SettleAsync(string reservationId, long actualMicroUsd, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            if (Remove(reservationId, actualMicroUsd, transaction))
            {
                transaction.Commit();
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask<ScopeBalance> BalanceAsync(BudgetScope scope, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Read(scope.Name, scope.Period, null);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask<int> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            var expired = new List<string>();
            using (var select = Command("SELECT id FROM reservations WHERE expires_at <= $now", transaction))
            {
                select.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    expired.Add(reader.GetString(0));
                }
            }

            foreach (var id in expired)
            {
                Remove(id, 0, transaction);
            }

            transaction.Commit();
            return expired.Count;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Waits for the operation in flight (settlements can still run while the host shuts down): closing the native
    /// connection under a running transaction crashes the process.
    /// </summary>
    public void Dispose()
    {
        _lock.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
        finally
        {
            _lock.Release();
        }
    }

    private bool Remove(string reservationId, long actualMicroUsd, SqliteTransaction transaction)
    {
        string scopesJson;
        long amount;
        using (var select = Command("SELECT scopes, amount FROM reservations WHERE id = $id", transaction))
        {
            select.Parameters.AddWithValue("$id", reservationId);
            using var reader = select.ExecuteReader();
            if (!reader.Read())
            {
                return false;
            }

            scopesJson = reader.GetString(0);
            amount = reader.GetInt64(1);
        }

        foreach (var scope in JsonSerializer.Deserialize(scopesJson, BudgetsJsonContext.Default.StringArrayArray)!)
        {
            AddToBalance(scope[0], scope[1], actualMicroUsd, -amount, transaction);
        }

        using var delete = Command("DELETE FROM reservations WHERE id = $id", transaction);
        delete.Parameters.AddWithValue("$id", reservationId);
        delete.ExecuteNonQuery();
        return true;
    }

    private ScopeBalance Read(string scope, string period, SqliteTransaction? transaction)
    {
        using var select = Command("SELECT settled, reserved FROM balances WHERE scope = $scope AND period = $period", transaction);
        select.Parameters.AddWithValue("$scope", scope);
        select.Parameters.AddWithValue("$period", period);
        using var reader = select.ExecuteReader();
        return reader.Read() ? new ScopeBalance(reader.GetInt64(0), reader.GetInt64(1)) : new ScopeBalance(0, 0);
    }

    private void AddToBalance(string scope, string period, long settled, long reserved, SqliteTransaction transaction)
    {
        using var upsert = Command("""
            INSERT INTO balances (scope, period, settled, reserved) VALUES ($scope, $period, $settled, $reserved)
            ON CONFLICT (scope, period) DO UPDATE SET settled = settled + $settled, reserved = reserved + $reserved
            """, transaction);
        upsert.Parameters.AddWithValue("$scope", scope);
        upsert.Parameters.AddWithValue("$period", period);
        upsert.Parameters.AddWithValue("$settled", settled);
        upsert.Parameters.AddWithValue("$reserved", reserved);
        upsert.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql, null);
        command.ExecuteNonQuery();
    }
}
