package dev.ferry.dialect;

import dev.ferry.catalog.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How an engine guards a run: which database a connection reaches, one run at a time per
 * target, bounded lock waits, and who holds the locks a session waited for. A part of {@link
 * Dialect}.
 */
public interface RunLocks {

  /**
   * What identifies the connected database however it is reached (host aliases, ports, URL
   * forms, symbolic links): equal for two connections exactly when they reach the same
   * database, so that a copy onto its own source is refused. Null where the engine cannot
   * tell.
   */
  default String databaseIdentity(Connection connection) throws SQLException {
    return null;
  }

  /**
   * Tries, without waiting, to take ferry's run lock on the connection's database: one run at a
   * time per target. Server engines tie it to the connection (closing it releases the lock, as a
   * killed process does); embedded engines lock a file beside the database. The default takes
   * nothing and always succeeds, for engines without such a lock.
   *
   * @param holder who takes it (run id, since when, where), shown to a run that finds it held
   */
  default LockAttempt tryRunLock(Connection connection, String holder) throws SQLException {
    return LockAttempt.taken(() -> { });
  }

  /**
   * Tries, without waiting, to take the run lock of one tenant of a consolidation
   * (docs/consolidate.md): where the engine can, it excludes only runs of the same tenant and
   * plain runs ({@link #tryRunLock}), which in turn exclude it. The default is the whole
   * target's lock, {@link #tryRunLock}: safe, one run at a time.
   *
   * @param tenant the tenant's id
   */
  default LockAttempt tryTenantRunLock(Connection connection, String holder, String tenant)
      throws SQLException {
    return tryRunLock(connection, holder);
  }

  /**
   * Tries, without waiting, to take the leader lock of a sync job (docs/sync.md): one running
   * instance of the job across processes and machines. It is held on a connection of its own
   * for as long as the instance leads; closing that connection, as a killed process does,
   * releases it. It excludes only the same job's leader lock on the same database, never
   * ferry's run lock (the job's cycles take that one as every copy does). The default takes
   * nothing and always succeeds, for engines without such a lock.
   *
   * @param holder who takes it (job, since when, process and host), shown to one that finds it
   *     held
   * @param job the job's name: letters, digits, '_', '.' and '-'
   */
  default LockAttempt tryJobLock(Connection connection, String holder, String job)
      throws SQLException {
    return LockAttempt.taken(() -> { });
  }

  /** Whether {@link #tryTenantRunLock} lets runs of different tenants share the target. */
  default boolean runLockPerTenant() {
    return false;
  }

  /** Statements bounding how long a session waits for a lock another session holds. */
  default List<String> lockTimeoutStatements(long millis) {
    return List.of();
  }

  /** Whether the failure is a lock wait that ran out of {@link #lockTimeoutStatements} time. */
  default boolean isLockTimeout(SQLException e) {
    return false;
  }

  /**
   * The other sessions holding locks on a table (or open transactions, where the engine does not
   * tell per table), described for a message; null where the engine does not tell.
   */
  default String lockHolders(Connection connection, TableName table) throws SQLException {
    return null;
  }
}
