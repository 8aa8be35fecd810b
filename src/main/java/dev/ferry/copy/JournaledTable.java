package dev.ferry.copy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.json.Json;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.RowFingerprint;
import dev.ferry.rows.ValueKind;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A table a run journaled (docs/rollback.md), as a rollback reads it back: its journaled columns
 * and key from {@code journal_table}, their kinds and types from the target's catalog, the
 * encodings its after-hashes were computed with; and the SQL that looks its rows up by key and
 * undoes one journal entry.
 */
final class JournaledTable {

  /** Keys looked up per query. */
  static final int PROBE = 500;

  /** The target table. */
  final TableName name;
  /** The name of its journal (see {@link JournalShape#journalName}): a fix-up's its own. */
  final String journalName;
  final int position;
  private final Dialect dialect;
  private final List<String> columns;
  private final List<Column> catalog;
  private final ValueKind[] kinds;
  private final List<CanonicalValue> encodings;
  private final int[] keys;
  private final RowFingerprint.Hasher hasher;

  /** The target table of a journal ({@code journal_table}'s name, columns and key columns). */
  static TableName tableOf(String journalName, String columnsJson, String keysJson) {
    try {
      TypeReference<List<String>> names = new TypeReference<>() {};
      return JournalShape.tableOf(journalName, Json.mapper().readValue(columnsJson, names),
          Json.mapper().readValue(keysJson, names));
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "the journal of " + journalName + " is"
          + " unreadable (" + e.getMessage() + "); it was not written by this ferry");
    }
  }

  /**
   * @param journalName the {@code table_name} of its journal
   * @param targets the target's table by name
   */
  JournaledTable(Dialect dialect, String journalName, int position, String columnsJson,
      String keysJson, String encodingsJson, Function<TableName, Table> targets) {
    this.dialect = dialect;
    this.journalName = journalName;
    this.position = position;
    List<String> keyColumns;
    try {
      this.columns = Json.mapper().readValue(columnsJson, new TypeReference<List<String>>() {});
      keyColumns = Json.mapper().readValue(keysJson, new TypeReference<List<String>>() {});
      this.encodings = Json.mapper().readValue(encodingsJson,
          new TypeReference<List<CanonicalValue>>() {});
      this.keys = keyColumns.stream().mapToInt(columns::indexOf).toArray();
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "the journal of " + journalName + " is"
          + " unreadable (" + e.getMessage() + "); it was not written by this ferry");
    }
    this.name = JournalShape.tableOf(journalName, columns, keyColumns);
    Table target = targets.apply(name);
    this.catalog = new ArrayList<>();
    for (String c : columns) {
      catalog.add(target.column(c).orElseThrow(() -> new FerryException(ErrorCode.REFUSED,
          "cannot roll back " + name + ": its column " + c + " is gone since the run. Restore"
          + " the column, or restore the table from a backup.")));
    }
    this.kinds = catalog.stream().map(c -> MergeRows.kind(c, dialect)).toArray(ValueKind[]::new);
    this.hasher = new RowFingerprint.Hasher(columns);
  }

  /** A journaled key's values, by the key columns' kinds. */
  Object[] key(String text) {
    return KeyCodec.decode(text, Arrays.stream(keys).mapToObj(k -> kinds[k]).toList());
  }

  /** A before-image's values, by the journaled columns' kinds. */
  Object[] image(String text) {
    return KeyCodec.decode(text, Arrays.asList(kinds));
  }

  /** The canonical text of a key, by which journal and target rows are paired. */
  String keyText(Object[] key) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < keys.length; i++) {
      String v = encodings.get(keys[i]).encode(key[i]);
      text.append(v == null ? "\u0000" : v).append('\u0001');
    }
    return text.toString();
  }

  /**
   * Whether a row as the target holds it (journaled columns, in journal order) is the row a
   * journaled after-hash describes.
   */
  boolean sameRow(Object[] row, String afterHash) {
    List<String> values = new ArrayList<>(row.length);
    for (int i = 0; i < row.length; i++) {
      values.add(encodings.get(i).encode(row[i]));
    }
    return RowJournal.sameRow(afterHash, hasher, values);
  }

  /** The target's rows with these keys (journaled columns), by {@link #keyText}. */
  Map<String, Object[]> rows(Connection c, List<Object[]> wanted) throws SQLException {
    Map<String, Object[]> found = new HashMap<>();
    String select = "SELECT " + String.join(", ", columnsRead()) + " FROM "
        + dialect.qualify(name) + " WHERE ";
    for (int from = 0; from < wanted.size(); from += PROBE) {
      List<Object[]> batch = wanted.subList(from, Math.min(wanted.size(), from + PROBE));
      try (PreparedStatement ps = c.prepareStatement(select + where(batch.size()))) {
        int p = 1;
        for (Object[] key : batch) {
          for (int i = 0; i < keys.length; i++) {
            JdbcValues.bind(ps, p++, key[i], kinds[keys[i]], dialect);
          }
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Object[] row = new Object[kinds.length];
            for (int i = 0; i < row.length; i++) {
              row[i] = JdbcValues.read(rs, i + 1, kinds[i], dialect.temporalsAsText());
            }
            found.put(keyText(Arrays.stream(keys).mapToObj(k -> row[k]).toArray()), row);
          }
        }
      }
    }
    return found;
  }

  /** {@code DELETE} of one row by its key. */
  String deleteSql() {
    return "DELETE FROM " + dialect.qualify(name) + " WHERE " + keyCondition();
  }

  /** {@code UPDATE} of one row's journaled columns but its key, by its key. */
  String updateSql() {
    List<String> sets = new ArrayList<>();
    for (int i : nonKeys()) {
      sets.add(dialect.quote(columns.get(i)) + " = " + dialect.placeholder(catalog.get(i).type()));
    }
    return "UPDATE " + dialect.qualify(name) + " SET " + String.join(", ", sets) + " WHERE "
        + keyCondition();
  }

  /** {@code INSERT} of one row's journaled columns, identities given their values. */
  String insertSql() {
    boolean always = catalog.stream().anyMatch(c -> "identity-always".equals(c.generation()));
    return dialect.insertSql(name, columns.stream().map(dialect::quote).toList(),
        catalog.stream().map(c -> dialect.placeholder(c.type())).toList(), always);
  }

  /** Binds the key (of a {@code DELETE}), after {@code from - 1} parameters. */
  void bindKey(PreparedStatement ps, int from, Object[] key) throws SQLException {
    for (int i = 0; i < keys.length; i++) {
      JdbcValues.bind(ps, from + i, key[i], kinds[keys[i]], dialect);
    }
  }

  /** Binds an {@code UPDATE}: the before-image's non-key values, then its key. */
  void bindUpdate(PreparedStatement ps, Object[] before) throws SQLException {
    int p = 1;
    for (int i : nonKeys()) {
      JdbcValues.bind(ps, p++, before[i], kinds[i], dialect);
    }
    bindKey(ps, p, Arrays.stream(keys).mapToObj(k -> before[k]).toArray());
  }

  /** Binds an {@code INSERT}: every journaled value. */
  void bindInsert(PreparedStatement ps, Object[] before) throws SQLException {
    for (int i = 0; i < before.length; i++) {
      JdbcValues.bind(ps, i + 1, before[i], kinds[i], dialect);
    }
  }

  /** The key columns' names, in key order. */
  List<String> keyColumns() {
    return Arrays.stream(keys).mapToObj(columns::get).toList();
  }

  /** The columns a fix-up's journal sets (those that are not the key); all others for a table. */
  List<String> setColumns() {
    return java.util.stream.IntStream.of(nonKeys()).mapToObj(columns::get).toList();
  }

  /** The key as messages print it: {@code 7}, {@code [7, a]}. */
  static String label(Object[] key) {
    return key.length == 1 ? String.valueOf(key[0]) : Arrays.toString(key);
  }

  private int[] nonKeys() {
    return java.util.stream.IntStream.range(0, columns.size())
        .filter(i -> Arrays.stream(keys).noneMatch(k -> k == i)).toArray();
  }

  private List<String> columnsRead() {
    List<String> read = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      read.add(dialect.readExpression(dialect.quote(columns.get(i)), catalog.get(i)));
    }
    return read;
  }

  private String keyCondition() {
    return Arrays.stream(keys).mapToObj(k -> dialect.quote(columns.get(k)) + " = ?")
        .collect(Collectors.joining(" AND "));
  }

  private String where(int n) {
    if (keys.length == 1) {
      return dialect.quote(columns.get(keys[0])) + " IN ("
          + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }
    String one = "(" + keyCondition() + ")";
    return String.join(" OR ", Collections.nCopies(n, one));
  }
}
