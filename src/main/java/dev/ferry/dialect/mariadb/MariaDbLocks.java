package dev.ferry.dialect.mariadb;

import dev.ferry.dialect.LockAttempt;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * MariaDB's locks as ferry meets them: the named lock that keeps to one run at a time, and the
 * transactions holding the locks a session waited for.
 */
final class MariaDbLocks {

  private MariaDbLocks() {}

  /**
   * A named lock ({@code GET_LOCK}) per database, held by the lock's own connection. MariaDB
   * does not say who holds a named lock beyond its connection, so that is what the refusal
   * names (with ferry's run table, which the caller adds).
   */
  static LockAttempt tryRunLock(Connection connection, String holder) throws SQLException {
    String name = "ferry:" + SqlQueries.scalar(connection, "SELECT DATABASE()");
    return tryNamed(connection, name.length() > 64 ? name.substring(0, 64) : name);
  }

  /**
   * A sync job's leader lock: the named lock {@code ferry-sync:<database>:<job>}, or, when that
   * is longer than MariaDB's 64 characters, {@code ferry-sync:} and the first 53 hex digits of
   * its SHA-256. Named locks are the server's, not the database's: hence the database's name.
   */
  static LockAttempt tryJobLock(Connection connection, String job) throws SQLException {
    return tryNamed(connection, jobLockName(SqlQueries.scalar(connection, "SELECT DATABASE()"),
        job));
  }

  static String jobLockName(String database, String job) {
    String name = "ferry-sync:" + database + ":" + job;
    if (name.length() <= 64) {
      return name;
    }
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "ferry-sync:" + java.util.HexFormat.of().formatHex(digest).substring(0, 53);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static LockAttempt tryNamed(Connection connection, String lock) throws SQLException {
    if ("1".equals(SqlQueries.scalar(connection, "SELECT GET_LOCK(?, 0)", lock))) {
      return LockAttempt.taken(() -> SqlQueries.scalar(connection, "SELECT RELEASE_LOCK(?)",
          lock));
    }
    String who = SqlQueries.scalar(connection, "SELECT CONCAT('connection ', p.ID, ' (', p.USER,"
        + " '@', p.HOST, ', connected ', p.TIME, ' s in its current state)')"
        + " FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(?)", lock);
    return LockAttempt.heldBy(who == null ? "another connection" : who);
  }

  /**
   * InnoDB does not keep who held a lock once the wait ended: the open transactions holding
   * locks.
   */
  static String lockHolders(Connection connection) throws SQLException {
    return SqlQueries.scalar(connection, "SELECT GROUP_CONCAT(CONCAT('connection ',"
        + " t.trx_mysql_thread_id, ' (transaction since ', t.trx_started, ', ', t.trx_state,"
        + " ', ', t.trx_rows_locked, ' rows locked)') SEPARATOR '; ')"
        + " FROM information_schema.INNODB_TRX t"
        + " WHERE t.trx_mysql_thread_id <> CONNECTION_ID()"
        + " AND (t.trx_rows_locked > 0 OR t.trx_tables_locked > 0)");
  }
}
