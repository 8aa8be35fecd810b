package dev.ferry.copy;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for locks other sessions hold on a target's tables are never silent nor endless: while a
 * write lasts, every few seconds the run says which sessions hold locks on its table (where the
 * engine tells); each session waits at most --lock-timeout, and then the run fails with a message
 * naming the table and those sessions.
 */
final class LockWaits implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LockWaits.class);
  /** Seconds a write may take before the run says which sessions hold locks on its table. */
  private static final long NOTICE_SECONDS = 5;

  private final ConnectionSpec spec;
  private final Dialect dialect;
  private final long timeoutMillis;
  private final ScheduledExecutorService notices = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "ferry-lock-notice");
        t.setDaemon(true);
        return t;
      });

  LockWaits(ConnectionSpec spec, Dialect dialect, long timeoutMillis) {
    this.spec = spec;
    this.dialect = dialect;
    this.timeoutMillis = timeoutMillis;
  }

  /** Starts watching a write to {@code table}; cancel the returned future when it ends. */
  Future<?> watch(TableName table) {
    long started = System.nanoTime();
    return notices.scheduleWithFixedDelay(() -> {
      String holders = holders(table);
      if (holders != null) {
        LOG.warn("{}: still writing after {} s; sessions holding locks on it: {} (waiting at"
            + " most --lock-timeout, {} ms)", table,
            (System.nanoTime() - started) / 1_000_000_000L, holders, timeoutMillis);
      }
    }, NOTICE_SECONDS, 2 * NOTICE_SECONDS, TimeUnit.SECONDS);
  }

  /** The failure of a wait for a lock on {@code table} that ran out of --lock-timeout. */
  FerryException timedOut(TableName table, SQLException e) {
    String holders = holders(table);
    return new FerryException(ErrorCode.UNEXPECTED, "waited longer than --lock-timeout ("
        + timeoutMillis + " ms) for a lock on " + table + " in " + spec.describe() + "; "
        + (holders == null ? "the engine does not say who holds it"
            : "sessions holding locks on it: " + holders)
        + ". Let that session finish (or end it), or raise --lock-timeout; then run again"
        + " (--resume continues where this run stopped).", e);
  }

  /** Who holds locks on the table, credentials masked; null where the engine does not tell. */
  private String holders(TableName table) {
    try (Connection c = Connections.open(spec, dialect, true)) {
      String holders = dialect.lockHolders(c, table);
      return holders == null || holders.isBlank() ? null : spec.redact(holders);
    } catch (SQLException | RuntimeException e) {
      LOG.debug("could not tell who holds locks on {}: {}", table, e.getMessage());
      return null;
    }
  }

  @Override
  public void close() {
    notices.shutdownNow();
  }
}
