package dev.ferry.copy;

import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The target's rows a merged chunk's keys find ({@link MergeRows}). For a key of one integer
 * column they are read by the range from the chunk's least to its greatest key, in one query,
 * unless the keys lie far apart. Any other key is looked up by the chunk's keys ({@code WHERE
 * key IN (...)}), not by a range: the source's key order is its engine's collation, which the
 * target's may not share, and a range would then miss rows that have a key of the chunk.
 */
final class MergeTargets {

  /** Keys looked up per query. */
  private static final int PROBE = 500;

  private final TablePlan table;
  private final Dialect dialect;
  private final int[] keys;
  private final ValueKind[] targetKinds;
  private final CanonicalValue[] sourceEncodings;
  private final CanonicalValue[] targetEncodings;
  private final String select;
  /** The key is one integer column both sides: its order is every engine's. */
  private final boolean integerKey;

  /**
   * @param select {@code SELECT} of the target's columns (as read) {@code FROM} the table {@code
   *     WHERE }, to which a condition on the key is appended
   */
  MergeTargets(TablePlan table, Dialect dialect, ValueKind[] targetKinds,
      CanonicalValue[] sourceEncodings, CanonicalValue[] targetEncodings, String select) {
    this.table = table;
    this.dialect = dialect;
    this.keys = table.keyPositions();
    this.targetKinds = targetKinds;
    this.sourceEncodings = sourceEncodings;
    this.targetEncodings = targetEncodings;
    this.select = select;
    this.integerKey = keys.length == 1 && table.columns().get(keys[0]).kind() == ValueKind.INTEGER
        && targetKinds[keys[0]] == ValueKind.INTEGER;
  }

  /** The target's rows with the rows' keys, by {@link #key}. */
  Map<Object, Object[]> rows(Connection c, List<Object[]> rows)
      throws SQLException {
    if (integerKey && !rows.isEmpty()) {
      return targetRange(c, rows);
    }
    return byKeys(c, rows);
  }

  /** The target's rows with the rows' keys, looked up by {@link #PROBE} keys a query. */
  private Map<Object, Object[]> byKeys(Connection c, List<Object[]> rows) throws SQLException {
    Map<Object, Object[]> found = new HashMap<>();
    boolean textTemporals = dialect.temporalsAsText();
    for (int from = 0; from < rows.size(); from += PROBE) {
      List<Object[]> batch = rows.subList(from, Math.min(rows.size(), from + PROBE));
      try (PreparedStatement ps = c.prepareStatement(select + where(batch.size()))) {
        int p = 1;
        for (Object[] row : batch) {
          for (int k : keys) {
            JdbcValues.bind(ps, p++, row[k], table.columns().get(k).kind(), dialect);
          }
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Object[] there = new Object[targetKinds.length];
            for (int i = 0; i < there.length; i++) {
              there[i] = JdbcValues.read(rs, i + 1, targetKinds[i], textTemporals);
            }
            found.put(key(there, targetEncodings), there);
          }
        }
      }
    }
    return found;
  }

  /**
   * The target's rows with the rows' keys, for a key of one integer column, whose order every
   * engine shares: one query for the range from the chunk's least to its greatest key, streamed,
   * keeping only the rows whose key the chunk has (memory: the chunk's rows and keys, whatever
   * the target holds between them).
   */
  private Map<Object, Object[]> targetRange(Connection c, List<Object[]> rows)
      throws SQLException {
    int k = keys[0];
    Map<Object, Object[]> found = new HashMap<>(rows.size() * 2);
    java.util.Set<Object> wanted = new java.util.HashSet<>(rows.size() * 2);
    Object least = null;
    Object greatest = null;
    for (Object[] row : rows) {
      Object key = row[k];
      if (!(key instanceof Number)) {
        return byKeys(c, rows);
      }
      wanted.add(key(row));
      least = least == null || IntegerKeys.compare(key, least) < 0 ? key : least;
      greatest = greatest == null || IntegerKeys.compare(key, greatest) > 0 ? key : greatest;
    }
    if (IntegerKeys.spread(least, greatest) > 4L * rows.size() + 1_000) {
      // keys far apart (a sparse source, keys remapped over many runs): a range would read
      // many rows the chunk does not have
      return byKeys(c, rows);
    }
    boolean textTemporals = dialect.temporalsAsText();
    String column = keyColumns().get(0);
    try (PreparedStatement ps = c.prepareStatement(select + column + " >= ? AND " + column
        + " <= ?")) {
      ps.setFetchSize(Math.min(rows.size(), 10_000));
      JdbcValues.bind(ps, 1, least, ValueKind.INTEGER, dialect);
      JdbcValues.bind(ps, 2, greatest, ValueKind.INTEGER, dialect);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Object there = JdbcValues.read(rs, k + 1, targetKinds[k], textTemporals);
          Object key = IntegerKeys.integer(there);
          if (!wanted.contains(key)) {
            continue;
          }
          Object[] row = new Object[targetKinds.length];
          for (int i = 0; i < row.length; i++) {
            row[i] = i == k ? there : JdbcValues.read(rs, i + 1, targetKinds[i], textTemporals);
          }
          found.put(key, row);
        }
      }
    }
    return found;
  }

  private String where(int n) {
    List<String> columns = keyColumns();
    if (columns.size() == 1) {
      return columns.get(0) + " IN (" + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }
    String one = "(" + columns.stream().map(k -> k + " = ?").collect(Collectors.joining(" AND "))
        + ")";
    return String.join(" OR ", Collections.nCopies(n, one));
  }

  List<String> keyColumns() {
    return Arrays.stream(keys).mapToObj(k -> dialect.quote(table.columns().get(k).targetName()))
        .toList();
  }

  /** A source row's key, to find the target's row with the same key. */
  Object key(Object[] row) {
    return key(row, sourceEncodings);
  }

  /**
   * A row's key: the number itself for a key of one integer column (a {@code Long} where it fits,
   * whichever type the driver chose), else the keys' canonical texts.
   */
  private Object key(Object[] row, CanonicalValue[] encodings) {
    if (integerKey) {
      return IntegerKeys.integer(row[keys[0]]);
    }
    StringBuilder key = new StringBuilder();
    for (int k : keys) {
      key.append(keyText(row[k], encodings[k])).append('\u0001');
    }
    return key.toString();
  }

  private static String keyText(Object value, CanonicalValue encoding) {
    return value == null ? "\u0000" : encoding.encode(value);
  }

}
