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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The target's {@code sync_cycles} state table (docs/sync.md): one row per cycle of a job that
 * reached the target, in the target's state schema beside the copy's own state ({@code
 * ferry.sync_cycles} on PostgreSQL, {@code ferry_sync_cycles} elsewhere). It is created on the
 * first cycle that ran a copy, never by a cycle refused before its first write.
 */
final class CycleLog {

  /** The state table's base name. */
  static final String TABLE = "sync_cycles";
  /** The watermarks' state table: per job and table, the mark of its last cycle done. */
  static final String MARKS = "sync_watermarks";

  private CycleLog() {}

  /** Records the cycle on its own connection (committed on return). */
  static void record(ConnectionSpec target, CycleOutcome cycle) throws SQLException {
    record(target, cycle, List.of());
  }

  /**
   * Records the cycle and, in the same transaction, the marks it leaves: a cycle that did not
   * get here leaves the last marks as they were, so the next cycle reads from them again.
   */
  static void record(ConnectionSpec target, CycleOutcome cycle, List<Watermarks.Mark> marks)
      throws SQLException {
    Dialect dialect = Dialects.forUrl(target.url());
    try (Connection c = Connections.open(target, dialect, false)) {
      c.setAutoCommit(true);
      TableName table = dialect.stateTable(c, TABLE);
      create(c, dialect, table, columns(dialect));
      TableName marksTable = dialect.stateTable(c, MARKS);
      if (!marks.isEmpty()) {
        create(c, dialect, marksTable, markColumns(dialect));
      }
      c.setAutoCommit(false);
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
      for (Watermarks.Mark mark : marks) {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM "
            + dialect.qualify(marksTable) + " WHERE " + q(dialect, "job") + " = ? AND "
            + q(dialect, "table_name") + " = ?");
            PreparedStatement ins = c.prepareStatement("INSERT INTO "
                + dialect.qualify(marksTable) + " (" + q(dialect, "job") + ", "
                + q(dialect, "table_name") + ", " + q(dialect, "watermark_column") + ", "
                + q(dialect, "mark") + ", " + q(dialect, "cycle_id")
                + ") VALUES (?, ?, ?, ?, ?)")) {
          del.setString(1, cycle.job());
          del.setString(2, mark.table());
          del.executeUpdate();
          ins.setString(1, cycle.job());
          ins.setString(2, mark.table());
          ins.setString(3, mark.column());
          ins.setString(4, mark.value());
          ins.setString(5, cycle.cycleId());
          ins.executeUpdate();
        }
      }
      c.commit();
    }
  }

  /** The job's marks by table (qualified name); empty before its first cycle with marks. */
  static Map<String, String> marks(ConnectionSpec target, String job) throws SQLException {
    Dialect dialect = Dialects.forUrl(target.url());
    Map<String, String> marks = new HashMap<>();
    try (Connection c = Connections.open(target, dialect, false)) {
      c.setAutoCommit(true);
      TableName table = dialect.stateTable(c, MARKS);
      if (!exists(c, dialect, table)) {
        return marks;
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT " + q(dialect, "table_name") + ", "
          + q(dialect, "mark") + " FROM " + dialect.qualify(table) + " WHERE "
          + q(dialect, "job") + " = ?")) {
        ps.setString(1, job);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            marks.put(rs.getString(1), rs.getString(2));
          }
        }
      }
    }
    return marks;
  }

  private static String columns(Dialect dialect) {
    String key = dialect.stateKeyType();
    return q(dialect, "job") + " " + key + " NOT NULL, " + q(dialect, "cycle_id")
        + " " + key + " NOT NULL, " + q(dialect, "started_at") + " " + key + " NOT NULL, "
        + q(dialect, "ended_at") + " " + key + " NOT NULL, " + q(dialect, "status") + " " + key
        + " NOT NULL, " + q(dialect, "inserted") + " BIGINT NOT NULL, " + q(dialect, "updated")
        + " BIGINT NOT NULL, " + q(dialect, "unchanged") + " BIGINT NOT NULL, "
        + q(dialect, "skipped") + " BIGINT NOT NULL, " + q(dialect, "conflicts")
        + " BIGINT NOT NULL, " + q(dialect, "deleted") + " BIGINT NOT NULL, "
        + q(dialect, "message") + " " + dialect.stateTextType() + ", PRIMARY KEY ("
        + q(dialect, "job") + ", " + q(dialect, "cycle_id") + ")";
  }

  private static String markColumns(Dialect dialect) {
    String key = dialect.stateKeyType();
    return q(dialect, "job") + " " + key + " NOT NULL, " + q(dialect, "table_name") + " " + key
        + " NOT NULL, " + q(dialect, "watermark_column") + " " + key + " NOT NULL, "
        + q(dialect, "mark") + " " + key + " NOT NULL, " + q(dialect, "cycle_id") + " " + key
        + " NOT NULL, PRIMARY KEY (" + q(dialect, "job") + ", " + q(dialect, "table_name") + ")";
  }

  static void create(Connection c, Dialect dialect, TableName table, String columns)
      throws SQLException {
    // a principal may create tables in the schema but not schemas: only what is missing
    boolean schemaExists = table.schema() == null || dialect.schemas(c).stream()
        .anyMatch(s -> s.equalsIgnoreCase(table.schema()));
    try (Statement s = c.createStatement()) {
      for (String sql : dialect.createStateTable(table, columns, schemaExists)) {
        s.execute(sql);
      }
    }
  }

  static boolean exists(Connection c, Dialect dialect, TableName table)
      throws SQLException {
    boolean catalogs = dialect.supports(dev.ferry.dialect.Capability.SCHEMAS_ARE_CATALOGS);
    try (ResultSet rs = c.getMetaData().getTables(catalogs ? table.schema() : null,
        catalogs ? null : table.schema(), table.name(), null)) {
      return rs.next();
    }
  }

  private static String q(Dialect dialect, String column) {
    return dialect.quote(column);
  }
}
