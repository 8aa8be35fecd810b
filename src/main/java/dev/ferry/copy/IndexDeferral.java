package dev.ferry.copy;

import dev.ferry.dialect.DeferrableIndex;
import dev.ferry.dialect.Dialect;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table's plain indexes dropped for its load and re-created after it (docs/copy.md, Load),
 * recorded in {@code deferred_index} under the table's name, also when its key ranges load it.
 */
final class IndexDeferral {

  private static final Logger LOG = LoggerFactory.getLogger(IndexDeferral.class);

  private IndexDeferral() {}

  /**
   * Returns every index this run dropped for the table and has not re-created (an attempt killed
   * earlier may have dropped some); when {@code dropMore}, first drops the table's plain indexes,
   * recording them in the same transaction. Where the principal may not drop them, the load
   * keeps them.
   */
  static List<DeferrableIndex> defer(JdbcTarget target, Connection connection, StateStore state,
      String runId, TablePlan table, boolean dropMore) throws SQLException {
    Dialect dialect = target.dialect();
    List<DeferrableIndex> indexes = new ArrayList<>(target.deferredIndexes(table.tableUnit()));
    if (!dropMore) {
      return indexes;
    }
    List<DeferrableIndex> more = dialect.deferrableIndexes(connection, table.target());
    if (more.isEmpty()) {
      return indexes;
    }
    try (Statement s = connection.createStatement()) {
      state.saveDeferred(connection, runId, table.tableUnit(), more);
      for (DeferrableIndex index : more) {
        s.execute(dialect.dropIndex(table.target(), index));
      }
      connection.commit();
    } catch (SQLException e) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // the indexes are kept: nothing was dropped
      }
      LOG.debug("keeping the indexes of {}: {}", table.target(), e.getMessage());
      return indexes;
    }
    indexes.addAll(more);
    LOG.debug("dropped {} indexes of {} for its load", more.size(), table.target());
    return indexes;
  }

  /**
   * Re-creates {@code deferred} and forgets them, in the transaction of {@code connection}
   * (which the caller commits with the unit's done checkpoint).
   */
  static void recreate(Connection connection, StateStore state, String runId, TablePlan table,
      List<DeferrableIndex> deferred) throws SQLException {
    if (deferred.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    try (Statement s = connection.createStatement()) {
      for (DeferrableIndex index : deferred) {
        s.execute(index.definition());
      }
    }
    state.forgetDeferred(connection, runId, table.tableUnit());
    LOG.debug("re-created {} indexes of {} in {} ms", deferred.size(), table.target(),
        (System.nanoTime() - start) / 1_000_000);
  }
}
