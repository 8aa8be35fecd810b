package dev.ferry.sync;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.CycleOutcome;
import dev.ferry.api.RunReport;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The target's {@code sync_cycles} state table (docs/sync.md): one row per cycle of a job that
 * reached the target, in the target's state schema beside the copy's own state ({@code
 * ferry.sync_cycles} on PostgreSQL, {@code ferry_sync_cycles} elsewhere). It is created on the
 * first cycle that ran a copy, never by a cycle refused before its first write.
 */
final class CycleLog {

  /** The state table's base name. */
  static final String TABLE = "sync_cycles";

  private CycleLog() {}

  /** Records the cycle on its own connection (committed on return). */
  static void record(ConnectionSpec target, CycleOutcome cycle) throws SQLException {
    Dialect dialect = Dialects.forUrl(target.url());
    try (Connection c = Connections.open(target, dialect, false)) {
      c.setAutoCommit(true);
      TableName table = dialect.stateTable(c, TABLE);
      create(c, dialect, table);
      RunReport.Fates f = cycle.fates();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + dialect.qualify(table)
          + " (" + String.join(", ", q(dialect, "job"), q(dialect, "cycle_id"),
              q(dialect, "started_at"), q(dialect, "ended_at"), q(dialect, "status"),
              q(dialect, "inserted"), q(dialect, "updated"), q(dialect, "unchanged"),
              q(dialect, "skipped"), q(dialect, "conflicts"), q(dialect, "deleted"),
              q(dialect, "message")) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, cycle.job());
        ps.setString(2, cycle.cycleId());
        ps.setString(3, cycle.started());
        ps.setString(4, cycle.ended());
        ps.setString(5, cycle.status());
        ps.setLong(6, f.inserted());
        ps.setLong(7, f.updated());
        ps.setLong(8, f.unchanged());
        ps.setLong(9, f.skipped());
        ps.setLong(10, f.conflicts());
        ps.setLong(11, f.deleted() == null ? 0 : f.deleted());
        String message = cycle.message();
        ps.setString(12, message == null ? null
            : message.substring(0, Math.min(message.length(), 3900)));
        ps.executeUpdate();
      }
    }
  }

  private static void create(Connection c, Dialect dialect, TableName table)
      throws SQLException {
    String key = dialect.stateKeyType();
    String columns = q(dialect, "job") + " " + key + " NOT NULL, " + q(dialect, "cycle_id")
        + " " + key + " NOT NULL, " + q(dialect, "started_at") + " " + key + " NOT NULL, "
        + q(dialect, "ended_at") + " " + key + " NOT NULL, " + q(dialect, "status") + " " + key
        + " NOT NULL, " + q(dialect, "inserted") + " BIGINT NOT NULL, " + q(dialect, "updated")
        + " BIGINT NOT NULL, " + q(dialect, "unchanged") + " BIGINT NOT NULL, "
        + q(dialect, "skipped") + " BIGINT NOT NULL, " + q(dialect, "conflicts")
        + " BIGINT NOT NULL, " + q(dialect, "deleted") + " BIGINT NOT NULL, "
        + q(dialect, "message") + " " + dialect.stateTextType() + ", PRIMARY KEY ("
        + q(dialect, "job") + ", " + q(dialect, "cycle_id") + ")";
    // a principal may create tables in the schema but not schemas: only what is missing
    boolean schemaExists = table.schema() == null || dialect.schemas(c).stream()
        .anyMatch(s -> s.equalsIgnoreCase(table.schema()));
    try (Statement s = c.createStatement()) {
      for (String sql : dialect.createStateTable(table, columns, schemaExists)) {
        s.execute(sql);
      }
    }
  }

  private static String q(Dialect dialect, String column) {
    return dialect.quote(column);
  }
}
