package dev.ferry.copy;

import dev.ferry.api.MergeMode;
import dev.ferry.api.RunReport.Fates;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.SameValues;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One merged table's rows against the target's (docs/merge.md): reads the target's rows with
 * the keys of a chunk, gives each source row its fate by ferry's rule of the same value
 * ({@link SameValues}), and writes the updates. The load, the {@code fail} preflight and the dry
 * run classify with this same code; only the load writes.
 *
 * <p>The target's rows are looked up by the chunk's keys ({@code WHERE key IN (...)}), not by
 * the range from its first to its last key: the source's key order is its engine's collation,
 * which the target's may not share, and a range would then miss rows that have a key of the
 * chunk.
 */
final class MergeRows {

  /** Keys looked up per query. */
  private static final int PROBE = 500;

  private final TablePlan table;
  private final Dialect dialect;
  private final MergeMode mode;
  private final int[] keys;
  /** Positions compared and written by an update: neither key nor loaded as NULL (cycles). */
  private final int[] compared;
  private final ValueKind[] targetKinds;
  /** Fixed-length CHAR columns either side: trailing spaces are padding, not data. */
  private final boolean[] padded;
  private final String select;
  /** The table as FROM and UPDATE name it: its own rows, a partitioned table's partitions'. */
  private final String from;

  MergeRows(TablePlan table, Table target, Dialect dialect, MergeMode mode) {
    this.table = table;
    this.dialect = dialect;
    this.mode = mode;
    this.keys = table.keyPositions();
    List<Integer> cmp = new ArrayList<>();
    for (int i = 0; i < table.columns().size(); i++) {
      int position = i;
      if (Arrays.stream(keys).noneMatch(k -> k == position)
          && !table.nulledColumns().contains(table.columns().get(i).name())) {
        cmp.add(i);
      }
    }
    this.compared = cmp.stream().mapToInt(Integer::intValue).toArray();
    this.targetKinds = new ValueKind[table.columns().size()];
    this.padded = new boolean[targetKinds.length];
    List<String> reads = new ArrayList<>();
    for (int i = 0; i < targetKinds.length; i++) {
      CopyColumn c = table.columns().get(i);
      Column column = target.column(c.targetName()).orElseThrow();
      targetKinds[i] = kind(column, dialect);
      padded[i] = "CHAR".equals(column.jdbcType()) || "NCHAR".equals(column.jdbcType());
      reads.add(dialect.readExpression(dialect.quote(c.targetName()), column));
    }
    // the table's own rows: never an inheritance child's (PostgreSQL)
    this.from = dialect.fromClause(table.target(), !Table.PARTITIONED.equals(target.kind()));
    this.select = "SELECT " + String.join(", ", reads) + " FROM " + from + " WHERE ";
  }

  MergeMode mode() {
    return mode;
  }

  /** The target columns an update may set: none under {@code fail} and {@code skip}. */
  List<String> updatedColumns() {
    if (mode == MergeMode.FAIL || mode == MergeMode.SKIP) {
      return List.of();
    }
    return Arrays.stream(compared).mapToObj(i -> table.columns().get(i).targetName()).toList();
  }

  /** The kind target values are read as: SQLite's dates kept as text by their declared type. */
  private static ValueKind kind(Column column, Dialect dialect) {
    ValueKind kind = ValueKind.of(column);
    String type = column.type() == null ? "" : column.type().toLowerCase(Locale.ROOT);
    if (dialect.temporalsAsText() && kind == ValueKind.TEXT) {
      return type.contains("timestamp") || type.contains("datetime") ? ValueKind.TIMESTAMP
          : type.equals("date") ? ValueKind.DATE : type.equals("time") ? ValueKind.TIME : kind;
    }
    return kind;
  }

  /** A row the target holds with other values, and the positions to write. */
  record Update(Object[] row, int[] columns) {}

  /**
   * The fates of a chunk's rows.
   *
   * @param inserts rows whose key the target lacks
   * @param updates rows to overwrite ({@code replace}, {@code update})
   * @param conflictKeys keys of the conflicts ({@code fail}), at most a few
   */
  record Classified(List<Object[]> inserts, List<Update> updates, Fates fates,
      List<String> conflictKeys) {}

  /** Classifies the rows (in key order, as transformed for the load) against the target. */
  Classified classify(Connection c, List<Object[]> rows) throws SQLException {
    Map<String, Object[]> present = targetRows(c, rows);
    List<Object[]> inserts = new ArrayList<>();
    List<Update> updates = new ArrayList<>();
    List<String> conflictKeys = new ArrayList<>();
    long unchanged = 0;
    long skipped = 0;
    long conflicts = 0;
    for (Object[] row : rows) {
      Object[] there = present.get(key(row));
      if (there == null) {
        inserts.add(row);
        continue;
      }
      int[] differing = Arrays.stream(compared).filter(i -> !SameValues.same(unpadded(i, row[i]),
          table.columns().get(i).kind(), unpadded(i, there[i]), targetKinds[i])).toArray();
      if (differing.length == 0) {
        unchanged++;
      } else if (mode == MergeMode.SKIP) {
        skipped++;
      } else if (mode == MergeMode.FAIL) {
        conflicts++;
        if (conflictKeys.size() < 5) {
          conflictKeys.add(keyLabel(row) + " (" + columnNames(differing)
              + (differing.length == 1 ? " differs)" : " differ)"));
        }
      } else {
        updates.add(new Update(row, mode == MergeMode.REPLACE ? compared : differing));
      }
    }
    return new Classified(inserts, updates, new Fates(mode.label(), inserts.size(),
        updates.size(), unchanged, skipped, conflicts), conflictKeys);
  }

  /** Writes the updates in batches, one statement per set of columns. */
  void update(Connection c, List<Update> updates) throws SQLException {
    Map<String, List<Update>> bySet = new LinkedHashMap<>();
    for (Update u : updates) {
      bySet.computeIfAbsent(Arrays.toString(u.columns()), k -> new ArrayList<>()).add(u);
    }
    for (List<Update> same : bySet.values()) {
      int[] columns = same.get(0).columns();
      try (PreparedStatement ps = c.prepareStatement(updateSql(columns))) {
        for (Update u : same) {
          int p = 1;
          for (int i : columns) {
            JdbcValues.bind(ps, p++, u.row()[i], table.columns().get(i).kind(), dialect);
          }
          for (int k : keys) {
            JdbcValues.bind(ps, p++, u.row()[k], table.columns().get(k).kind(), dialect);
          }
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  private Object unpadded(int i, Object value) {
    if (!padded[i] || !(value instanceof String s)) {
      return value;
    }
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return end == s.length() ? s : s.substring(0, end);
  }

  private String updateSql(int[] columns) {
    List<String> sets = new ArrayList<>();
    for (int i : columns) {
      CopyColumn column = table.columns().get(i);
      sets.add(dialect.quote(column.targetName()) + " = "
          + dialect.placeholder(column.targetType()));
    }
    return "UPDATE " + from + " SET " + String.join(", ", sets)
        + " WHERE " + keyColumns().stream().map(k -> k + " = ?")
            .collect(Collectors.joining(" AND "));
  }

  /** The target's rows with the rows' keys, by {@link #key}. */
  private Map<String, Object[]> targetRows(Connection c, List<Object[]> rows)
      throws SQLException {
    Map<String, Object[]> found = new HashMap<>();
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
            found.put(key(there), there);
          }
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

  private List<String> keyColumns() {
    return Arrays.stream(keys).mapToObj(k -> dialect.quote(table.columns().get(k).targetName()))
        .toList();
  }

  private String key(Object[] row) {
    StringBuilder key = new StringBuilder();
    for (int k : keys) {
      key.append(SameValues.keyText(row[k])).append('\u0001');
    }
    return key.toString();
  }

  private String keyLabel(Object[] row) {
    List<String> values = Arrays.stream(keys).mapToObj(k -> String.valueOf(row[k])).toList();
    return values.size() == 1 ? values.get(0) : values.toString();
  }

  private String columnNames(int[] positions) {
    return Arrays.stream(positions).mapToObj(i -> table.columns().get(i).targetName())
        .collect(Collectors.joining(", "));
  }
}
