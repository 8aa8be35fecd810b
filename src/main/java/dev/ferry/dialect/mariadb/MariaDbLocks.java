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
    String lock = name.length() > 64 ? name.substring(0, 64) : name;
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
