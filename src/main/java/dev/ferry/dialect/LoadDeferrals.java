package dev.ferry.dialect;

import dev.ferry.catalog.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a load sets aside and restores after it: foreign keys, where the relaxation changes the
 * constraints themselves ({@link dev.ferry.catalog.CheckRelaxation#perConstraint()}), and
 * secondary indexes that a bulk load into an empty table builds once instead of row by row. A
 * part of {@link Dialect}.
 */
public interface LoadDeferrals {

  /** The engine's short id ({@link Dialect#id()}), for messages. */
  String id();

  /**
   * How to restore a foreign key of a table after setting it aside, read from the live database;
   * null when the table has no such constraint. Called on a connection whose transaction the
   * caller commits.
   */
  default DeferredConstraint deferredConstraint(Connection connection, TableName table,
      String constraint) throws SQLException {
    return null;
  }

  /** The statement that sets a foreign key aside for a load (drops or disables it). */
  default String setAside(DeferredConstraint constraint) {
    throw new UnsupportedOperationException(id() + " does not set foreign keys aside");
  }

  /**
   * What an operator runs to have a foreign key restored unchecked ({@link
   * DeferredConstraint#restoreUnchecked}) check its rows, once they are fixed.
   */
  default String validate(DeferredConstraint constraint) {
    return setAside(constraint) + "; " + constraint.restore();
  }

  /** Whether the foreign key exists and is enforced (a restore that finds it so has nothing to do). */
  default boolean constraintPresent(Connection connection, TableName table, String constraint)
      throws SQLException {
    return deferredConstraint(connection, table, constraint) != null;
  }

  /**
   * True when DDL commits with the transaction around it (PostgreSQL, SQL Server): a constraint
   * is then dropped, or re-created, in the same transaction that records, or forgets, it. Where
   * DDL commits on its own (H2), the record is committed first and outlives the DDL.
   */
  default boolean transactionalDdl() {
    return false;
  }

  /**
   * Secondary indexes of a table that a bulk load into the empty table may drop first and
   * re-create after it, because building an index once over loaded rows costs less than
   * maintaining it row by row: only indexes that guard nothing (not unique, not backing a
   * constraint, nothing depending on them) and that their definition restores exactly. Each as
   * its name and the statement re-creating it; empty where ferry does not do this on the engine.
   */
  default List<DeferrableIndex> deferrableIndexes(Connection connection, TableName table)
      throws SQLException {
    return List.of();
  }

  /** The statement dropping an index {@link #deferrableIndexes} returned. */
  default String dropIndex(TableName table, DeferrableIndex index) {
    throw new UnsupportedOperationException(id() + " does not defer indexes");
  }
}
