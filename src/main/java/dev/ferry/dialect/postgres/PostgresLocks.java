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

  private PostgresLocks() {}

  /**
   * A session-level advisory lock; the session's application_name carries the holder, which
   * {@code pg_stat_activity} shows every role.
   */
  static LockAttempt tryRunLock(Connection connection, String holder) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT set_config('application_name', ?, false)")) {
      ps.setString(1, applicationName(holder));
      ps.executeQuery().close();
    }
    if ("true".equals(SqlQueries.scalar(connection,
        "SELECT pg_try_advisory_lock(" + RUN_LOCK + ")::text"))) {
      return LockAttempt.taken(() -> SqlQueries.scalar(connection,
          "SELECT pg_advisory_unlock(" + RUN_LOCK + ")::text"));
    }
    String who = SqlQueries.scalar(connection, "SELECT string_agg(coalesce(nullif("
        + "a.application_name, ''), 'a session') || ' (pid ' || l.pid || ')', ', ')"
        + " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
        + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 1718773618"
        + " AND l.objid = 1 AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database"
        + " WHERE datname = current_database())");
    return LockAttempt.heldBy(who == null ? "a session that just ended" : who);
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
