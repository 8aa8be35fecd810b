package dev.ferry.copy;

import dev.ferry.api.RunReport.Fates;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A merged unit's fates so far and its audit part's length, one row per run and unit in the
 * state table {@code merge_progress}, written in the transaction of each chunk and its
 * checkpoint: a resumed run counts the fates of the chunks committed before a kill, and cuts
 * the audit back to what they wrote (docs/merge.md).
 */
final class MergeProgress {

  /** What a unit's committed chunks did. */
  record Saved(Fates fates, long auditBytes) {}

  private final Dialect dialect;
  private final TableName table;

  MergeProgress(Dialect dialect, TableName table) {
    this.dialect = dialect;
    this.table = table;
  }

  /** The state table. */
  TableName table() {
    return table;
  }

  /** The columns of the state table, for {@link StateStore#create}. */
  String columnsDdl() {
    String key = dialect.stateKeyType();
    StringBuilder ddl = new StringBuilder(q("run_id") + " " + key + " NOT NULL, " + q("unit")
        + " " + key + " NOT NULL, " + q("mode") + " " + key + " NOT NULL");
    for (String count : COUNTS) {
      ddl.append(", ").append(q(count)).append(" BIGINT NOT NULL");
    }
    return ddl + ", " + q(DELETED) + " BIGINT, PRIMARY KEY (" + q("run_id") + ", " + q("unit")
        + ")";
  }

  /** Rows {@code children: replace} deleted; NULL for a unit without it (a later column). */
  static final String DELETED = "deleted";

  private static final java.util.List<String> COUNTS = java.util.List.of("inserted", "updated",
      "unchanged", "skipped", "conflicts", "audit_bytes");

  /** The unit's row, or null when none was saved. */
  Saved read(Connection c, String runId, String unit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + q("mode") + ", "
        + String.join(", ", COUNTS.stream().map(this::q).toList()) + ", " + q(DELETED) + " FROM "
        + dialect.qualify(table) + " WHERE " + q("run_id") + " = ? AND " + q("unit") + " = ?")) {
      ps.setString(1, runId);
      ps.setString(2, unit);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long deleted = rs.getLong(8);
        Long maybe = rs.wasNull() ? null : deleted;
        return new Saved(new Fates(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
            rs.getLong(5), rs.getLong(6), null, maybe), rs.getLong(7));
      }
    }
  }

  /** Creates or replaces the unit's row, on the caller's transaction. */
  void save(Connection c, String runId, String unit, Fates f, long auditBytes)
      throws SQLException {
    Object[] values = {f.inserted(), f.updated(), f.unchanged(), f.skipped(), f.conflicts(),
        auditBytes};
    StringBuilder sets = new StringBuilder(q("mode") + " = ?");
    COUNTS.forEach(n -> sets.append(", ").append(q(n)).append(" = ?"));
    sets.append(", ").append(q(DELETED)).append(" = ?");
    int updated;
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + dialect.qualify(table) + " SET "
        + sets + " WHERE " + q("run_id") + " = ? AND " + q("unit") + " = ?")) {
      int p = bind(ps, f.mode(), values);
      p = deleted(ps, p, f);
      ps.setString(p++, runId);
      ps.setString(p, unit);
      updated = ps.executeUpdate();
    }
    if (updated == 0) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + dialect.qualify(table)
          + " (" + q("mode") + ", " + String.join(", ", COUNTS.stream().map(this::q).toList())
          + ", " + q(DELETED) + ", " + q("run_id") + ", " + q("unit")
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        int p = bind(ps, f.mode(), values);
        p = deleted(ps, p, f);
        ps.setString(p++, runId);
        ps.setString(p, unit);
        ps.executeUpdate();
      }
    }
  }

  private static int deleted(PreparedStatement ps, int p, Fates f) throws SQLException {
    if (f.deleted() == null) {
      ps.setNull(p, java.sql.Types.BIGINT);
    } else {
      ps.setLong(p, f.deleted());
    }
    return p + 1;
  }

  private static int bind(PreparedStatement ps, String mode, Object[] values)
      throws SQLException {
    ps.setString(1, mode);
    int p = 2;
    for (Object v : values) {
      ps.setLong(p++, (Long) v);
    }
    return p;
  }

  private String q(String identifier) {
    return dialect.quote(identifier);
  }
}
