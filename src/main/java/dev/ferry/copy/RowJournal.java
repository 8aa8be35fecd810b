package dev.ferry.copy;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.postgres.CopyText;
import dev.ferry.json.Json;
import dev.ferry.rows.RowFingerprint;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The before-image journal's two state tables (docs/rollback.md): {@code row_journal}, one row
 * per row a run updated or deleted and per up to {@link JournalWriter#PACK} rows it inserted,
 * written on the transaction of the change and its checkpoint; and {@code journal_table}, one row per table a run journaled: its place in the load
 * order, the columns its before-images hold and the encodings its after-hashes were computed
 * with. On PostgreSQL the rows go by COPY.
 */
final class RowJournal {

  static final String INSERT = "insert";
  /**
   * Rows inserted, packed: the row key is a JSON array of {@code [key, after-hash]} pairs, in the
   * order written; before-image and after-hash are null.
   */
  static final String INSERTS = "inserts";
  static final String UPDATE = "update";
  static final String DELETE = "delete";
  /**
   * Not a row: a batch's checkpoint before it (sequence -1; the row key holds it as JSON,
   * {@link JournalBoundary}), where a rollback of a table from that batch on rewinds it to.
   */
  static final String BOUNDARY = "boundary";
  /**
   * Marks an after-hash as the row's quick hash ({@link RowFingerprint.Hasher#quick}); one
   * without it, as an earlier ferry wrote them, is the row's fingerprint (SHA-256).
   */
  static final String QUICK = "m3:";

  /** The after-hash this ferry journals for a row (its columns' canonical texts). */
  static String afterHash(RowFingerprint.Hasher hasher, List<String> canonical) {
    return QUICK + hasher.quick(canonical);
  }

  /** Whether a journaled after-hash, of either kind, is that of the row now. */
  static boolean sameRow(String afterHash, RowFingerprint.Hasher hasher,
      List<String> canonical) {
    return afterHash.startsWith(QUICK) ? afterHash.equals(afterHash(hasher, canonical))
        : afterHash.equals(hasher.of(canonical));
  }

  private final Dialect dialect;
  private final TableName rows;
  private final TableName tables;

  RowJournal(Dialect dialect, Connection c) throws SQLException {
    this.dialect = dialect;
    this.rows = dialect.stateTable(c, "row_journal");
    this.tables = dialect.stateTable(c, "journal_table");
  }

  Dialect dialect() {
    return dialect;
  }

  TableName rows() {
    return rows;
  }

  TableName tables() {
    return tables;
  }

  /** Creates the tables that do not exist yet. */
  void create(Connection c, StateStore state) throws SQLException {
    String key = dialect.stateKeyType();
    String text = dialect.stateTextType();
    String run = q("run_id") + " " + key + " NOT NULL, " + q("tenant") + " " + key
        + " NOT NULL, " + q("table_name") + " " + key + " NOT NULL, ";
    // a run's id is its tenant's own (each tenant of a consolidation is a run): the tenant
    // stays out of the key, which MariaDB's 3072 bytes would not hold with it
    String any = dialect.stateLongTextType();
    boolean made = state.create(c, rows, run + q("batch") + " BIGINT NOT NULL, " + q("seq")
        + " BIGINT NOT NULL, " + q("action") + " " + key + " NOT NULL, " + q("row_key") + " "
        + any + " NOT NULL, " + q("before_image") + " " + any + ", " + q("after_hash") + " "
        + key + ", PRIMARY KEY (" + q("run_id") + ", " + q("table_name") + ", " + q("batch")
        + ", " + q("seq") + ")");
    if (made && dialect.supports(Capability.COPY)) {
      // packed keys and after-hashes (kilobytes of hex) gain little from PostgreSQL's
      // compression, which took half the journal's COPY time: stored as they are
      try (Statement st = c.createStatement()) {
        st.execute("ALTER TABLE " + dialect.qualify(rows) + " ALTER COLUMN " + q("row_key")
            + " SET STORAGE EXTERNAL");
      }
    }
    state.create(c, tables, run + q("unit") + " " + key + " NOT NULL, " + q("position")
        + " INTEGER NOT NULL, " + q("columns") + " " + text + " NOT NULL, " + q("key_columns")
        + " " + text + " NOT NULL, " + q("encodings") + " " + text + " NOT NULL, PRIMARY KEY ("
        + q("run_id") + ", " + q("tenant") + ", " + q("table_name") + ")");
  }

  /**
   * Records a unit's shape, once per run, and returns the last batch the run journaled for it
   * (0 for none), on the caller's transaction.
   */
  long open(Connection c, String runId, String tenant, JournalShape shape) throws SQLException {
    String table = shape.journalName();
    boolean known;
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + dialect.qualify(tables)
        + " WHERE " + q("run_id") + " = ? AND " + q("tenant") + " = ? AND " + q("table_name")
        + " = ?")) {
      bind(ps, runId, tenant, table);
      try (ResultSet rs = ps.executeQuery()) {
        known = rs.next();
      }
    }
    if (!known) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + dialect.qualify(tables)
          + " (" + q("run_id") + ", " + q("tenant") + ", " + q("table_name") + ", " + q("unit")
          + ", " + q("position") + ", " + q("columns") + ", " + q("key_columns") + ", "
          + q("encodings") + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        bind(ps, runId, tenant, table, shape.table().unit(), shape.position(),
            Json.compact(shape.names()), Json.compact(shape.keyNames()),
            Json.compact(shape.targetEncodings()));
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT MAX(" + q("batch") + ") FROM "
        + dialect.qualify(rows) + " WHERE " + q("run_id") + " = ? AND " + q("tenant")
        + " = ? AND " + q("table_name") + " = ?")) {
      bind(ps, runId, tenant, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /**
   * Writes a batch's entries, each {run_id, tenant, table_name, batch, seq, action, row_key,
   * before_image, after_hash}, on the caller's transaction.
   */
  void write(Connection c, List<Object[]> entries) throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    if (dialect.supports(Capability.COPY)) {
      CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY "
          + dialect.qualify(rows) + " (" + columns() + ") FROM STDIN");
      try {
        StringBuilder text = new StringBuilder(entries.size() * 64);
        entries.forEach(e -> CopyText.appendRow(text, e));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        in.endCopy();
      } finally {
        if (in.isActive()) {
          in.cancelCopy();
        }
      }
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + dialect.qualify(rows) + " ("
        + columns() + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Object[] e : entries) {
        bind(ps, e);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private String columns() {
    return String.join(", ", List.of("run_id", "tenant", "table_name", "batch", "seq", "action",
        "row_key", "before_image", "after_hash").stream().map(this::q).toList());
  }

  String q(String identifier) {
    return dialect.quote(identifier);
  }

  static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      if (params[i] == null) {
        ps.setNull(i + 1, java.sql.Types.VARCHAR);
      } else {
        ps.setObject(i + 1, params[i]);
      }
    }
  }
}
