package dev.ferry.copy;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.postgres.CopyText;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The id map's two state tables (docs/merge.md, "The id map"): {@code id_map}, whose keys are
 * {@link dev.ferry.rows.KeyCodec} texts, and {@code id_map_int}, which holds the pairs whose
 * source and target keys are both single integers as two BIGINT columns (a narrower row and
 * index: writing a million pairs costs about half of the text form's). Every pair is in exactly
 * one of them, decided by its keys alone; a map an earlier ferry wrote holds its integer pairs
 * in {@code id_map}, and every read here looks in both tables, so such a map is reused as it is.
 * Rows go on the caller's transaction; on PostgreSQL by COPY.
 */
final class IdMapTables {

  /** The tenant of the run's pairs (docs/consolidate.md); the empty string for none. */
  private final String tenant;
  /** Keys looked up per query. */
  private static final int PROBE = 500;

  private final Dialect dialect;
  private final TableName texts;
  private final TableName integers;

  IdMapTables(Dialect dialect, TableName texts, String tenant) {
    this.dialect = dialect;
    this.tenant = tenant;
    this.texts = texts;
    this.integers = integerTable(texts);
  }

  /**
   * The table of integer pairs beside the map's table {@code id_map}: {@code id_map_int}, in
   * the same schema and letter case ({@link Dialect#stateTable} of {@code id_map_int}).
   */
  static TableName integerTable(TableName texts) {
    String name = texts.name();
    boolean upper = name.equals(name.toUpperCase(Locale.ROOT));
    return new TableName(texts.schema(), name + (upper ? "_INT" : "_int"));
  }

  Dialect dialect() {
    return dialect;
  }

  TableName texts() {
    return texts;
  }

  TableName integers() {
    return integers;
  }

  /** Creates the tables that do not exist yet. */
  void create(Connection c, StateStore state) throws SQLException {
    String key = dialect.stateKeyType();
    String prefix = q("tenant") + " " + key + " NOT NULL, " + q("table_name") + " " + key
        + " NOT NULL, " + q("source_key") + " ";
    String suffix = q("run_id") + " " + key + " NOT NULL, PRIMARY KEY (" + q("tenant") + ", "
        + q("table_name") + ", " + q("source_key") + ")";
    state.create(c, texts, prefix + key + " NOT NULL, " + q("target_key") + " "
        + dialect.stateTextType() + " NOT NULL, " + suffix);
    state.create(c, integers, prefix + "BIGINT NOT NULL, " + q("target_key")
        + " BIGINT NOT NULL, " + suffix);
  }

  /**
   * Records pairs (source key text, target key text) on the caller's transaction: those of two
   * integers in {@code id_map_int}, the others in {@code id_map}.
   */
  void record(Connection c, String mapped, List<String[]> pairs, String runId)
      throws SQLException {
    List<Object[]> numbers = new ArrayList<>();
    List<Object[]> words = new ArrayList<>();
    for (String[] pair : pairs) {
      Long source = IdMap.integer(pair[0]);
      Long target = IdMap.integer(pair[1]);
      if (source != null && target != null) {
        numbers.add(new Object[] {tenant, mapped, source, target, runId});
      } else {
        words.add(new Object[] {tenant, mapped, pair[0], pair[1], runId});
      }
    }
    write(c, integers, numbers);
    write(c, texts, words);
  }

  /** Records pairs of two integers in {@code id_map_int}, on the caller's transaction. */
  void record(Connection c, String mapped, IdMap.Numbers pairs, String runId)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      rows.add(new Object[] {tenant, mapped, pairs.source(i), pairs.target(i), runId});
    }
    write(c, integers, rows);
  }

  private void write(Connection c, TableName table, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    String columns = " (" + q("tenant") + ", " + q("table_name") + ", " + q("source_key") + ", "
        + q("target_key") + ", " + q("run_id") + ")";
    if (dialect.supports(Capability.COPY)) {
      StringBuilder text = new StringBuilder(rows.size() * 48);
      rows.forEach(row -> CopyText.appendRow(text, row));
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY "
          + dialect.qualify(table) + columns + " FROM STDIN");
      try {
        in.writeToCopy(bytes, 0, bytes.length);
        in.endCopy();
      } finally {
        if (in.isActive()) {
          in.cancelCopy();
        }
      }
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + dialect.qualify(table)
        + columns + " VALUES (?, ?, ?, ?, ?)")) {
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          ps.setObject(i + 1, row[i]);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Deletes a table's pairs of these source keys (texts) on the caller's transaction, by the
   * primary key, from whichever table holds each: {@code children: replace} deleted their target
   * rows. A run's spill keeps them, which nothing asks again: a deleted child is no row of the
   * snapshot, and no table references a child that {@code children: replace} sweeps.
   */
  void forget(Connection c, String mapped, List<String> sourceKeys) throws SQLException {
    String where = " WHERE " + q("tenant") + " = ? AND " + q("table_name") + " = ? AND "
        + q("source_key") + " = ?";
    for (TableName table : List.of(texts, integers)) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + dialect.qualify(table)
          + where)) {
        int batched = 0;
        for (String key : sourceKeys) {
          Long n = IdMap.integer(key);
          if (table.equals(integers) && n == null) {
            continue;
          }
          ps.setString(1, tenant);
          ps.setString(2, mapped);
          ps.setObject(3, table.equals(integers) ? n : key);
          ps.addBatch();
          batched++;
        }
        if (batched > 0) {
          ps.executeBatch();
        }
      }
    }
  }

  /**
   * Every pair of a table, integer pairs as numbers ({@code each} returns false to stop):
   * {@code id_map}'s first (read as texts), then {@code id_map_int}'s; a table not present is
   * skipped.
   */
  void readAll(Connection c, String mapped, boolean textsPresent, boolean integersPresent,
      PairReader each) throws SQLException {
    if (textsPresent) {
      try (ResultSet rs = select(c, texts, mapped)) {
        while (rs.next()) {
          if (!each.texts(rs.getString(1), rs.getString(2))) {
            return;
          }
        }
      }
    }
    if (integersPresent) {
      try (ResultSet rs = select(c, integers, mapped)) {
        while (rs.next()) {
          if (!each.integers(rs.getLong(1), rs.getLong(2))) {
            return;
          }
        }
      }
    }
  }

  /** What {@link #readAll} hands each pair to; false stops the reading. */
  interface PairReader {
    boolean texts(String source, String target);

    boolean integers(long source, long target);
  }

  private ResultSet select(Connection c, TableName table, String mapped) throws SQLException {
    PreparedStatement ps = c.prepareStatement("SELECT " + q("source_key") + ", "
        + q("target_key") + " FROM " + dialect.qualify(table) + " WHERE " + q("tenant")
        + " = ? AND " + q("table_name") + " = ?");
    ps.closeOnCompletion();
    ps.setFetchSize(10_000);
    ps.setString(1, tenant);
    ps.setString(2, mapped);
    return ps.executeQuery();
  }

  /**
   * The pairs of a table whose {@code by} column ({@code source_key} or {@code target_key})
   * holds one of {@code keys} (key texts), {@link #PROBE} keys a query, handed over as texts
   * ({@code by}, the other): from {@code id_map}, and for the keys of one integer from {@code
   * id_map_int}.
   */
  void pairs(Connection c, String mapped, List<String> keys, String by,
      boolean textsPresent, boolean integersPresent, BiConsumer<String, String> each)
      throws SQLException {
    String value = by.equals("source_key") ? "target_key" : "source_key";
    List<Object> numbers = new ArrayList<>();
    for (String k : keys) {
      Long n = IdMap.integer(k);
      if (n != null) {
        numbers.add(n);
      }
    }
    if (textsPresent) {
      query(c, texts, mapped, new ArrayList<>(keys), by, value, (s, t) -> each.accept((String) s, (String) t));
    }
    if (integersPresent) {
      query(c, integers, mapped, numbers, by, value,
          (s, t) -> each.accept(IdMap.text((Long) s), IdMap.text((Long) t)));
    }
  }

  private void query(Connection c, TableName table, String mapped, List<Object> keys, String by,
      String value, BiConsumer<Object, Object> each) throws SQLException {
    for (int from = 0; from < keys.size(); from += PROBE) {
      List<Object> batch = keys.subList(from, Math.min(keys.size(), from + PROBE));
      try (PreparedStatement ps = c.prepareStatement("SELECT " + q(by) + ", " + q(value)
          + " FROM " + dialect.qualify(table) + " WHERE " + q("tenant") + " = ? AND "
          + q("table_name") + " = ? AND " + q(by) + " IN ("
          + String.join(", ", Collections.nCopies(batch.size(), "?")) + ")")) {
        ps.setString(1, tenant);
        ps.setString(2, mapped);
        for (int i = 0; i < batch.size(); i++) {
          ps.setObject(i + 3, batch.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          boolean numbers = table.equals(integers);
          while (rs.next()) {
            each.accept(numbers ? rs.getLong(1) : rs.getString(1),
                numbers ? rs.getLong(2) : rs.getString(2));
          }
        }
      }
    }
  }

  private String q(String identifier) {
    return dialect.quote(identifier);
  }

  /**
   * Refreshes the statistics (PostgreSQL ANALYZE, a sample) of each map table that misses them
   * or undercounts the pairs a run wrote: a map filled by COPY into a new table has none until
   * autovacuum comes round, and a lookup planned meanwhile (a {@code verify} right after the
   * copy) scans the whole map for every batch of keys. Undercounting is autovacuum's own
   * measure: more pairs written than a tenth of the rows the statistics count. So the twentieth
   * tenant of a consolidation no longer samples a map its statistics know to be large (a fifth
   * of a second each). A principal who may not analyze is only warned by the server.
   */
  void analyze(Connection c, List<TableName> maps, long written) throws SQLException {
    try (java.sql.Statement st = c.createStatement();
        PreparedStatement estimate = c.prepareStatement(
            "SELECT reltuples FROM pg_catalog.pg_class WHERE oid = to_regclass(?)")) {
      for (TableName t : maps) {
        estimate.setString(1, dialect.qualify(t));
        double rows;
        try (ResultSet rs = estimate.executeQuery()) {
          // never analyzed: -1 (PostgreSQL 14 on) or 0
          rows = rs.next() ? rs.getDouble(1) : -1;
        }
        if (rows <= 0 || written > rows / 10) {
          st.execute("ANALYZE " + dialect.qualify(t));
        }
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }
}
