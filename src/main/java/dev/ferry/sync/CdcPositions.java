package dev.ferry.sync;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The target's state of a job's change data capture (docs/sync.md, "Change data capture"):
 * {@code sync_positions}, one row per job with the source position of the last batch applied,
 * written in that batch's transaction; and {@code sync_offsets}, the stream's offsets as
 * Debezium's engine hands them over after the batch committed, from which a restarted stream
 * resumes.
 */
final class CdcPositions {

  /** The positions' state table. */
  static final String POSITIONS = "sync_positions";
  /** The engine's offsets' state table. */
  static final String OFFSETS = "sync_offsets";

  /** A job's last applied batch: its last change's position, and when it was applied. */
  record Position(String lsn, long events, String appliedAt) {}

  private CdcPositions() {}

  /** Creates both state tables where missing, committing (before the stream's first batch). */
  static void create(Connection c, Dialect dialect) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(true);
    String key = dialect.stateKeyType();
    TableName positions = dialect.stateTable(c, POSITIONS);
    if (!CycleLog.exists(c, dialect, positions)) {
      CycleLog.create(c, dialect, positions, q(dialect, "job") + " " + key + " NOT NULL, "
          + q(dialect, "lsn") + " " + key + " NOT NULL, " + q(dialect, "events")
          + " BIGINT NOT NULL, " + q(dialect, "applied_at") + " " + key + " NOT NULL, "
          + q(dialect, "source_at") + " " + key + ", PRIMARY KEY (" + q(dialect, "job") + ")");
    }
    TableName offsets = dialect.stateTable(c, OFFSETS);
    if (!CycleLog.exists(c, dialect, offsets)) {
      CycleLog.create(c, dialect, offsets, q(dialect, "job") + " " + key + " NOT NULL, "
          + q(dialect, "offset_key") + " " + key + " NOT NULL, " + q(dialect, "offset_value")
          + " " + dialect.stateTextType() + ", PRIMARY KEY (" + q(dialect, "job") + ", "
          + q(dialect, "offset_key") + ")");
    }
    c.setAutoCommit(auto);
  }

  /** The job's position, or null before its first batch; in the caller's transaction. */
  static Position position(Connection c, Dialect dialect, String job) throws SQLException {
    TableName table = dialect.stateTable(c, POSITIONS);
    if (!CycleLog.exists(c, dialect, table)) {
      return null;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT " + q(dialect, "lsn") + ", "
        + q(dialect, "events") + ", " + q(dialect, "applied_at") + " FROM "
        + dialect.qualify(table) + " WHERE " + q(dialect, "job") + " = ?")) {
      ps.setString(1, job);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Position(rs.getString(1), rs.getLong(2), rs.getString(3)) : null;
      }
    }
  }

  /** Records the job's position in the caller's transaction (committed with its batch). */
  static void save(Connection c, Dialect dialect, String job, Position position,
      String sourceAt) throws SQLException {
    TableName table = dialect.stateTable(c, POSITIONS);
    try (PreparedStatement del = c.prepareStatement("DELETE FROM " + dialect.qualify(table)
        + " WHERE " + q(dialect, "job") + " = ?");
        PreparedStatement ins = c.prepareStatement("INSERT INTO " + dialect.qualify(table) + " ("
            + q(dialect, "job") + ", " + q(dialect, "lsn") + ", " + q(dialect, "events") + ", "
            + q(dialect, "applied_at") + ", " + q(dialect, "source_at")
            + ") VALUES (?, ?, ?, ?, ?)")) {
      del.setString(1, job);
      del.executeUpdate();
      ins.setString(1, job);
      ins.setString(2, position.lsn());
      ins.setLong(3, position.events());
      ins.setString(4, position.appliedAt());
      ins.setString(5, sourceAt);
      ins.executeUpdate();
    }
  }

  /** The job's stored offsets (UTF-8 JSON of Debezium's converter), by key. */
  static Map<String, String> offsets(Connection c, Dialect dialect, String job)
      throws SQLException {
    Map<String, String> offsets = new HashMap<>();
    TableName table = dialect.stateTable(c, OFFSETS);
    if (!CycleLog.exists(c, dialect, table)) {
      return offsets;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT " + q(dialect, "offset_key") + ", "
        + q(dialect, "offset_value") + " FROM " + dialect.qualify(table) + " WHERE "
        + q(dialect, "job") + " = ?")) {
      ps.setString(1, job);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          offsets.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return offsets;
  }

  /** Replaces the job's offsets by key, committing. */
  static void saveOffsets(Connection c, Dialect dialect, String job, Map<String, String> offsets)
      throws SQLException {
    c.setAutoCommit(false);
    TableName table = dialect.stateTable(c, OFFSETS);
    try (PreparedStatement del = c.prepareStatement("DELETE FROM " + dialect.qualify(table)
        + " WHERE " + q(dialect, "job") + " = ? AND " + q(dialect, "offset_key") + " = ?");
        PreparedStatement ins = c.prepareStatement("INSERT INTO " + dialect.qualify(table) + " ("
            + q(dialect, "job") + ", " + q(dialect, "offset_key") + ", "
            + q(dialect, "offset_value") + ") VALUES (?, ?, ?)")) {
      for (Map.Entry<String, String> e : offsets.entrySet()) {
        del.setString(1, job);
        del.setString(2, e.getKey());
        del.executeUpdate();
        ins.setString(1, job);
        ins.setString(2, e.getKey());
        ins.setString(3, e.getValue());
        ins.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    }
  }

  static String text(java.nio.ByteBuffer bytes) {
    return bytes == null ? null : StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
  }

  private static String q(Dialect dialect, String column) {
    return dialect.quote(column);
  }
}
