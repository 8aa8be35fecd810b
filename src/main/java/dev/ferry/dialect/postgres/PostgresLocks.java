package dev.ferry.dialect.postgres;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.LockAttempt;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * PostgreSQL's locks as ferry meets them: the advisory lock that keeps to one run at a time,
 * whose holder the session's application_name names, and the sessions holding locks on a table.
 */
final class PostgresLocks {

  /** The advisory lock (ferry's key pair), database-local, held by the lock's own session. */
  private static final String RUN_LOCK = "1718773618, 1";
  private static final long RUN_CLASS = 1718773618L;
  /** The class of the tenants' own locks (docs/consolidate.md). */
  private static final long TENANT_CLASS = 1718773619L;
  /** The class of sync jobs' leader locks (docs/sync.md). */
  private static final long JOB_CLASS = 1718773620L;

  private PostgresLocks() {}

  /**
   * A session-level advisory lock; the session's application_name carries the holder, which
   * {@code pg_stat_activity} shows every role.
   */
  static LockAttempt tryRunLock(Connection connection, String holder) throws SQLException {
    name(connection, holder);
    if (take(connection, "pg_try_advisory_lock(" + RUN_LOCK + ")")) {
      return LockAttempt.taken(() -> take(connection, "pg_advisory_unlock(" + RUN_LOCK + ")"));
    }
    return LockAttempt.heldBy(holders(connection, RUN_CLASS, 1));
  }

  /**
   * A tenant's run: the run lock shared (with the other tenants' runs, not with a plain run,
   * which takes it exclusively), and the tenant's own lock exclusively, keyed by a hash of its
   * id (two tenants whose ids hash alike exclude each other: refused, never unsafe).
   */
  static LockAttempt tryTenantRunLock(Connection connection, String holder, String tenant)
      throws SQLException {
    name(connection, holder);
    if (!take(connection, "pg_try_advisory_lock_shared(" + RUN_LOCK + ")")) {
      return LockAttempt.heldBy(holders(connection, RUN_CLASS, 1));
    }
    long key = tenantKey(tenant);
    String own = TENANT_CLASS + ", " + (int) key;
    if (take(connection, "pg_try_advisory_lock(" + own + ")")) {
      return LockAttempt.taken(() -> {
        take(connection, "pg_advisory_unlock(" + own + ")");
        take(connection, "pg_advisory_unlock_shared(" + RUN_LOCK + ")");
      });
    }
    take(connection, "pg_advisory_unlock_shared(" + RUN_LOCK + ")");
    return LockAttempt.heldBy(holders(connection, TENANT_CLASS, key));
  }

  /**
   * A sync job's leader lock: the advisory lock (1718773620, CRC-32 of the job's name), held by
   * the session until it ends. Two jobs whose names hash alike exclude each other: one of them
   * waits, never unsafe.
   */
  static LockAttempt tryJobLock(Connection connection, String holder, String job)
      throws SQLException {
    name(connection, holder);
    long key = tenantKey(job);
    String lock = JOB_CLASS + ", " + (int) key;
    if (take(connection, "pg_try_advisory_lock(" + lock + ")")) {
      return LockAttempt.taken(() -> take(connection, "pg_advisory_unlock(" + lock + ")"));
    }
    return LockAttempt.heldBy(holders(connection, JOB_CLASS, key));
  }

  /** A tenant's or job's key: the CRC-32 of its name, as pg_locks shows it (an unsigned oid). */
  static long tenantKey(String tenant) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(tenant.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return crc.getValue();
  }

  private static void name(Connection connection, String holder) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT set_config('application_name', ?, false)")) {
      ps.setString(1, applicationName(holder));
      ps.executeQuery().close();
    }
  }

  private static boolean take(Connection connection, String call) throws SQLException {
    return "true".equals(SqlQueries.scalar(connection, "SELECT " + call + "::text"));
  }

  /** The sessions holding the advisory lock (class, key), named by their holders. */
  private static String holders(Connection connection, long lockClass, long key)
      throws SQLException {
    String who = SqlQueries.scalar(connection, "SELECT string_agg(coalesce(nullif("
        + "a.application_name, ''), 'a session') || ' (pid ' || l.pid || ')', ', ')"
        + " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
        + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = "
        + lockClass + " AND l.objid::bigint = " + key + " AND l.objsubid = 2"
        + " AND l.pid <> pg_backend_pid() AND l.database = (SELECT oid FROM pg_database"
        + " WHERE datname = current_database())");
    return who == null ? "a session that just ended" : who;
  }

  /**
   * The holder as PostgreSQL keeps an application_name, 63 bytes: cut where a part of it ends
   * (before " (process …", whose pid pg_locks names anyway), not in the middle of a word.
   */
  static String applicationName(String holder) {
    if (holder.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 63) {
      return holder;
    }
    int part = holder.lastIndexOf(" (", 63);
    return part > 0 ? holder.substring(0, part) : holder.substring(0, 63);
  }

  /** The other sessions' granted locks on the table, with what they are doing. */
  static String lockHolders(Connection connection, PostgresDialect dialect, TableName table)
      throws SQLException {
    return SqlQueries.scalar(connection, "SELECT string_agg(DISTINCT 'pid ' || l.pid || ' ('"
        + " || coalesce(nullif(a.application_name, ''), 'no application name')"
        + " || coalesce(', user ' || a.usename, '') || coalesce(', ' || a.state, '')"
        + " || coalesce(', transaction since ' || date_trunc('second', a.xact_start), '')"
        + " || ', ' || l.mode || ')', '; ')"
        + " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
        + " WHERE l.relation = ?::regclass AND l.granted AND l.pid <> pg_backend_pid()",
        dialect.qualify(table));
  }
}
