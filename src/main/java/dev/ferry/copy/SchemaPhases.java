package dev.ferry.copy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Runs the part of {@code --create-schema} that comes after the load ({@link DeferredSchema})
 * once per run: a checkpoint row of its own ({@value #UNIT}) records that it is done. On
 * PostgreSQL the keys and that row commit in one transaction, so a kill leaves all or none; on
 * MariaDB and H2, whose DDL commits itself, each key stands alone and a resume creates the ones
 * still missing before it records the phase.
 */
final class SchemaPhases {

  /** The checkpoint unit that records the after-load DDL as done. */
  static final String UNIT = "schema:after-load";

  private SchemaPhases() {}

  /** Whether the run's after-load DDL is recorded done. */
  static boolean done(StateStore state, Connection c, String runId) throws SQLException {
    if (!state.exists(c)) {
      return false;
    }
    Object[] row = state.checkpoints(c, runId).get(UNIT);
    return row != null && (boolean) row[3];
  }

  /**
   * Creates what the load left for after it, unless the run records it done, and records it.
   *
   * @return the names created now; empty when an earlier attempt of the run did it all
   */
  static List<String> finish(JdbcTarget target, String runId, DeferredSchema deferred)
      throws SQLException {
    if (deferred == DeferredSchema.NONE) {
      return List.of();
    }
    Connection c = target.control();
    StateStore state = target.state();
    if (done(state, c, runId)) {
      return List.of();
    }
    List<String> created = new java.util.ArrayList<>(deferred.createOutside());
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      created.addAll(deferred.create(c));
      state.save(c, runId, UNIT, null, 0, 0, true, -1, null);
      c.commit();
      return created;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }
}
