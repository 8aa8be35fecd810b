package dev.ferry.copy;

import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.LockAttempt;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per target database: ferry's run lock ({@link
 * dev.ferry.dialect.Dialect#tryRunLock}), taken before preflight looks at the target and held
 * until the run ends, so that two runs never both pass preflight and interleave their writes.
 * A run that finds it held is refused at once, told who holds it. A consolidation's tenant runs
 * share it where the engine can, each excluding only runs of its own tenant
 * (docs/consolidate.md).
 */
final class RunGuard implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunGuard.class);

  private final Connection session;
  private final AutoCloseable release;
  private final String heldBy;

  private RunGuard(Connection session, AutoCloseable release, String heldBy) {
    this.session = session;
    this.release = release;
    this.heldBy = heldBy;
  }

  /** A guard for targets that need none (bundles, scripts). */
  static RunGuard none() {
    return new RunGuard(null, null, null);
  }

  /**
   * Tries to take the lock of the target for a run. Check {@link #refusal} before going on.
   *
   * @param tenant the tenant of a consolidation's run, whose lock excludes only runs of the
   *     same tenant and plain runs where the engine can (docs/consolidate.md); null for a plain
   *     run, which excludes every other
   */
  static RunGuard take(JdbcTarget target, String runId, String tenant) {
    Connection session = target.openLockSession();
    try {
      LockAttempt attempt = tryLock(target.dialect(), session, holder("ferry run " + runId
          + (tenant == null ? "" : " of tenant " + tenant)), tenant);
      if (attempt.isTaken()) {
        LOG.debug("run lock of {} taken", target.describe());
        return new RunGuard(session, attempt.release(), null);
      }
      closeQuietly(session);
      if (attempt.refusal() != null) {
        return new RunGuard(null, null, attempt.refusal());
      }
      List<String> running = target.runningRuns();
      return new RunGuard(null, null, "another ferry run holds " + target.describe() + ": "
          + attempt.heldBy() + (running.isEmpty() ? ""
              : "; ferry's run table lists as running: " + String.join(", ", running))
          + (tenant != null && target.dialect().runLockPerTenant()
              ? ". A tenant's run shares the target with other tenants' runs only, never with a"
                  + " run of the same tenant or a plain copy"
              : ". One run at a time writes to a target")
          + ": wait until that run ends, then run again (with --resume to continue a run of the"
          + " same plan).");
    } catch (SQLException e) {
      closeQuietly(session);
      throw target.failure("taking ferry's run lock", e);
    }
  }

  /** Why the run must not go on (the lock is held by another run), or null when it may. */
  String refusal() {
    return heldBy;
  }

  /**
   * A run that is refused or fails leaves the target no worse than it found it: indexes a killed
   * run dropped come back now, not only once someone resumes. Safe only under the run lock, when
   * no run of ours is loading.
   */
  static void leaveNoWorse(JdbcTarget target) {
    try {
      target.restoreAllIndexes();
    } catch (RuntimeException e) {
      LOG.warn("{}; a later run re-creates them", e.getMessage());
    }
  }

  /**
   * Tries the run lock on {@code session}: the tenant's where one is given (null for none),
   * else the whole target's.
   */
  static LockAttempt tryLock(Dialect dialect, Connection session, String holder, String tenant)
      throws SQLException {
    return tenant == null ? dialect.tryRunLock(session, holder)
        : dialect.tryTenantRunLock(session, holder, tenant);
  }

  /** Who holds the lock, as a run that finds it held is told: what, since when, where. */
  static String holder(String what) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "?";
    }
    return what + " since " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " (process "
        + ProcessHandle.current().pid() + " on " + host + ")";
  }

  @Override
  public void close() {
    if (release != null) {
      try {
        release.close();
      } catch (Exception e) {
        LOG.debug("releasing the run lock: {}", e.getMessage());
      }
    }
    closeQuietly(session);
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing the session releases a server-side lock in any case
    }
  }
}
