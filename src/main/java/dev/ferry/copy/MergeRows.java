package dev.ferry.copy;

import dev.ferry.api.MergeMode;
import dev.ferry.api.RowFate;
import dev.ferry.api.RunReport.Fates;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.RowFingerprint;
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
 * <p>For a key of one integer column the target's rows are read by the range from the chunk's
 * least to its greatest key, in one query, unless the keys lie far apart. Any other key is looked up by the chunk's keys
 * ({@code WHERE key IN (...)}), not by a range: the source's key order is its engine's collation,
 * which the target's may not share, and a range would then miss rows that have a key of the
 * chunk.
 */
final class MergeRows {

  private static final int[] NONE = new int[0];

  /** Keys looked up per query. */
  private static final int PROBE = 500;

  private final TablePlan table;
  private final Dialect dialect;
  private final MergeMode mode;
  /** The {@code newer-wins} version column's position; -1 for other modes. */
  private final int version;
  private final int[] keys;
  /** Positions compared and written by an update: neither key nor loaded as NULL (cycles). */
  private final int[] compared;
  private final ValueKind[] targetKinds;
  /** Per column, how source and target values are encoded to compare ({@link SameValues}). */
  private final CanonicalValue[] sourceEncodings;
  private final CanonicalValue[] targetEncodings;
  private final String select;
  /** The table as FROM and UPDATE name it: its own rows, a partitioned table's partitions'. */
  private final String from;
  /** The key is one integer column both sides: its order is every engine's. */
  private final boolean integerKey;

  /**
   * @param source the source's table, whose columns' facts pair with the target's in {@link
   *     SameValues}; null where the source has no catalog entry for it
   * @param version the position of the {@code newer-wins} version column; -1 for other modes
   */
  MergeRows(TablePlan table, Table source, String sourceEngine, Table target,
      String targetEngine, Dialect dialect, MergeMode mode, int version) {
    this.table = table;
    this.dialect = dialect;
    this.mode = mode;
    this.version = version;
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
    this.sourceEncodings = new CanonicalValue[targetKinds.length];
    this.targetEncodings = new CanonicalValue[targetKinds.length];
    List<String> reads = new ArrayList<>();
    for (int i = 0; i < targetKinds.length; i++) {
      CopyColumn c = table.columns().get(i);
      Column column = target.column(c.targetName()).orElseThrow();
      targetKinds[i] = kind(column, dialect);
      CanonicalValue t = CanonicalValue.of(column, targetEngine);
      CanonicalValue s = source == null ? null
          : source.column(c.name()).map(col -> CanonicalValue.of(col, sourceEngine)).orElse(null);
      if (s == null || s.kind() != c.kind()) {
        // a column the source has not (or reads otherwise): its kind as the plan reads it
        s = CanonicalValue.of(c.kind());
      }
      sourceEncodings[i] = s.pair(t);
      targetEncodings[i] = t.pair(s);
      reads.add(dialect.readExpression(dialect.quote(c.targetName()), column));
    }
    // the table's own rows: never an inheritance child's (PostgreSQL)
    this.from = dialect.fromClause(table.target(), !Table.PARTITIONED.equals(target.kind()));
    this.select = "SELECT " + String.join(", ", reads) + " FROM " + from + " WHERE ";
    this.integerKey = keys.length == 1 && table.columns().get(keys[0]).kind() == ValueKind.INTEGER
        && targetKinds[keys[0]] == ValueKind.INTEGER;
  }

  MergeMode mode() {
    return mode;
  }

  /** The rows the target table holds (its own: no inheritance child's). */
  long count(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + from);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The table merged. */
  TablePlan table() {
    return table;
  }

  /** The target columns an update may set: none under {@code fail} and {@code skip}. */
  List<String> updatedColumns() {
    if (!mode.mayUpdate()) {
      return List.of();
    }
    return Arrays.stream(compared).mapToObj(i -> table.columns().get(i).targetName()).toList();
  }

  /** The kind target values are read as: SQLite's dates kept as text by their declared type. */
  static ValueKind kind(Column column, Dialect dialect) {
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
   * One source row's fate, for the audit.
   *
   * @param reason null where the fate says it all
   * @param columns the positions an update writes; empty otherwise
   * @param kept the target's row where the fate keeps it ({@code skipped}, {@code conflict}),
   *     whose fingerprint the audit records; null otherwise
   */
  record Audited(Object[] row, RowFate fate, RowFate.Reason reason, int[] columns,
      Object[] kept) {

    Audited(Object[] row, RowFate fate, RowFate.Reason reason, int[] columns) {
      this(row, fate, reason, columns, null);
    }
  }

  /**
   * The fates of a chunk's rows.
   *
   * @param inserts rows whose key the target lacks
   * @param updates rows to overwrite ({@code replace}, {@code update})
   * @param conflictKeys keys of the conflicts ({@code fail}), at most a few
   * @param audited every row's fate, in the chunk's (key) order
   */
  record Classified(List<Object[]> inserts, List<Update> updates, Fates fates,
      List<String> conflictKeys, List<Audited> audited) {}

  /** Classifies the rows (in key order, as transformed for the load) against the target. */
  Classified classify(Connection c, List<Object[]> rows) throws SQLException {
    Map<Object, Object[]> present = targetRows(c, rows);
    List<Object[]> inserts = new ArrayList<>();
    List<Update> updates = new ArrayList<>();
    List<String> conflictKeys = new ArrayList<>();
    List<Audited> audited = new ArrayList<>(rows.size());
    long[] counts = new long[RowFate.values().length];
    for (Object[] row : rows) {
      Audited fate = fate(row, present.get(key(row)));
      audited.add(fate);
      counts[fate.fate().ordinal()]++;
      switch (fate.fate()) {
        case INSERTED -> inserts.add(row);
        case UPDATED -> updates.add(new Update(row, fate.columns()));
        case CONFLICT -> {
          if (conflictKeys.size() < 5) {
            conflictKeys.add(keyLabel(row) + " (" + columnNames(fate.columns())
                + (fate.columns().length == 1 ? " differs)" : " differ)"));
          }
        }
        default -> { }
      }
    }
    return new Classified(inserts, updates, new Fates(mode.label(), counts[0], counts[1],
        counts[2], counts[3], counts[4]), conflictKeys, audited);
  }

  /** A source row's fate against the target's row with its key ({@code there}; null: none). */
  private Audited fate(Object[] row, Object[] there) {
    if (there == null) {
      return new Audited(row, RowFate.INSERTED, null, NONE);
    }
    int[] differing = differing(row, there);
    if (differing.length == 0) {
      return new Audited(row, RowFate.UNCHANGED, null, NONE);
    }
    return FateRule.of(mode, row, there, differing, compared, version);
  }

  /** The key of a row as messages and the audit print it: {@code 7}, {@code [7, a]}. */
  String keyLabel(Object[] row) {
    List<String> values = Arrays.stream(keys).mapToObj(k -> String.valueOf(row[k])).toList();
    return values.size() == 1 ? values.get(0) : values.toString();
  }

  /**
   * The fingerprint of a target row the merge kept, as the audit records it: its carried
   * columns' canonical texts ({@link RowFingerprint}), which verify recomputes.
   */
  String fingerprint(Object[] there) {
    List<String> values = new ArrayList<>(there.length);
    for (int i = 0; i < there.length; i++) {
      values.add(targetEncodings[i].encode(there[i]));
    }
    return RowFingerprint.of(columns(java.util.stream.IntStream.range(0, there.length)
        .toArray()), values);
  }

  /** The target names of the columns at the positions. */
  List<String> columns(int[] positions) {
    return Arrays.stream(positions).mapToObj(i -> table.columns().get(i).targetName()).toList();
  }

  /** Writes the updates in batches, one statement per set of columns. */
  void update(Connection c, List<Update> updates) throws SQLException {
    MergeUpdates.write(c, updates, table, dialect, from, keyColumns());
  }

  /** The target's rows with the rows' keys, by {@link #key}. */
  private Map<Object, Object[]> targetRows(Connection c, List<Object[]> rows)
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

  /** The compared positions whose values differ; an empty array (shared) when none does. */
  private int[] differing(Object[] row, Object[] there) {
    int[] found = null;
    int n = 0;
    for (int i : compared) {
      if (!SameValues.same(row[i], sourceEncodings[i], there[i], targetEncodings[i])) {
        if (found == null) {
          found = new int[compared.length];
        }
        found[n++] = i;
      }
    }
    return found == null ? NONE : Arrays.copyOf(found, n);
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

  /** A source row's key, to find the target's row with the same key. */
  private Object key(Object[] row) {
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

  private String columnNames(int[] positions) {
    return String.join(", ", columns(positions));
  }
}
