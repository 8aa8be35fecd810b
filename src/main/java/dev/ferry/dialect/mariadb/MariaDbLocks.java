package dev.ferry.dialect.mariadb;

import dev.ferry.dialect.LockAttempt;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

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
    String database = SqlQueries.scalar(connection, "SELECT DATABASE()");
    LockAttempt run = tryNamed(connection, runLockName(database));
    if (!run.isTaken()) {
      return run;
    }
    // a plain run excludes the tenants' runs: it holds every slot a tenant's run needs one of
    List<AutoCloseable> held = new ArrayList<>(List.of(run.release()));
    for (int slot = 0; slot < SLOTS; slot++) {
      LockAttempt one = tryNamed(connection, lockName("ferry-slot:", database, "" + slot));
      if (!one.isTaken()) {
        releaseAll(held);
        return LockAttempt.heldBy("a tenant's run of a consolidation (" + one.heldBy() + ")");
      }
      held.add(one.release());
    }
    return LockAttempt.taken(() -> releaseAll(held));
  }

  /**
   * How many tenants' runs may hold a MariaDB target at once: each holds one of as many named
   * "slot" locks, all of which a plain run takes after the target's run lock.
   */
  static final int SLOTS = 64;

  /**
   * A consolidation tenant's run lock, of named locks (MariaDB's have no shared mode): the
   * tenant's own lock, which a second run of the tenant finds held; then a free slot of {@link
   * #SLOTS}; then the target's run lock must be free. A plain run takes the run lock first and
   * then every slot, so whichever of the two comes second finds the other's lock held and is
   * refused, never both let in.
   */
  static LockAttempt tryTenantRunLock(Connection connection, String holder, String tenant)
      throws SQLException {
    String database = SqlQueries.scalar(connection, "SELECT DATABASE()");
    LockAttempt own = tryNamed(connection, lockName("ferry-tenant:", database, tenant));
    if (!own.isTaken()) {
      return LockAttempt.heldBy("the run of tenant " + tenant + " (" + own.heldBy() + ")");
    }
    List<AutoCloseable> held = new ArrayList<>(List.of(own.release()));
    for (int slot = 0; slot < SLOTS; slot++) {
      String name = lockName("ferry-slot:", database, "" + slot);
      if ("1".equals(SqlQueries.scalar(connection, "SELECT GET_LOCK(?, 0)", name))) {
        held.add(() -> SqlQueries.scalar(connection, "SELECT RELEASE_LOCK(?)", name));
        String run = runLockName(database);
        if (SqlQueries.scalar(connection, "SELECT IS_USED_LOCK(?)", run) == null) {
          return LockAttempt.taken(() -> releaseAll(held));
        }
        releaseAll(held);
        return LockAttempt.heldBy("a run of the whole target (" + who(connection, run) + ")");
      }
    }
    releaseAll(held);
    String run = runLockName(database);
    return LockAttempt.heldBy(SqlQueries.scalar(connection, "SELECT IS_USED_LOCK(?)", run) != null
        ? "a run of the whole target (" + who(connection, run) + ")"
        : SLOTS + " tenants' runs, as many as may share a MariaDB target");
  }

  private static String runLockName(String database) {
    String name = "ferry:" + database;
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  /** {@code prefix database:suffix}, or the prefix and a SHA-256 prefix beyond 64 characters. */
  static String lockName(String prefix, String database, String suffix) {
    String name = prefix + database + ":" + suffix;
    if (name.length() <= 64) {
      return name;
    }
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return prefix + java.util.HexFormat.of().formatHex(digest).substring(0, 64
          - prefix.length());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void releaseAll(List<AutoCloseable> held) throws SQLException {
    SQLException failed = null;
    for (int i = held.size() - 1; i >= 0; i--) {
      try {
        held.get(i).close();
      } catch (SQLException e) {
        failed = failed == null ? e : failed;
      } catch (Exception e) {
        failed = failed == null ? new SQLException(e) : failed;
      }
    }
    if (failed != null) {
      throw failed;
    }
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
    return LockAttempt.heldBy(who(connection, lock));
  }

  private static String who(Connection connection, String lock) throws SQLException {
    String who = SqlQueries.scalar(connection, "SELECT CONCAT('connection ', p.ID, ' (', p.USER,"
        + " '@', p.HOST, ', connected ', p.TIME, ' s in its current state)')"
        + " FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(?)", lock);
    return who == null ? "another connection" : who;
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
