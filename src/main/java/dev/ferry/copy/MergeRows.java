package dev.ferry.copy;

import dev.ferry.api.MergeMode;
import dev.ferry.api.Prevail;
import dev.ferry.api.RowFate;
import dev.ferry.api.RunReport.Fates;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Dialect;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
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
import java.util.List;
import java.util.Map;

/**
 * One merged table's rows against the target's (docs/merge.md): reads the target's rows with
 * the keys of a chunk, gives each source row its fate by ferry's rule of the same value
 * ({@link SameValues}), and writes the updates. The load, the {@code fail} preflight and the dry
 * run classify with this same code; only the load writes. The target's rows of a chunk are read
 * by {@link MergeTargets}.
 */
final class MergeRows {

  private static final int[] NONE = new int[0];

  private final TablePlan table;
  private final Dialect dialect;
  private final MergeMode mode;
  /** The {@code newer-wins} version column's position; -1 for other modes. */
  private final int version;
  /** Where a source row changed since a sync job's last cycle prevails (-1: nowhere). */
  private int prevailAt = -1;
  /** The values its column must exceed; none: every row prevails. */
  private List<Object> prevailAbove = List.of();
  /** What a source row changed since the last cycle becomes. */
  private Prevail.OnBoth onBoth = Prevail.OnBoth.PREVAIL;
  private final int[] keys;
  /** Positions compared and written by an update: neither key nor loaded as NULL (cycles). */
  private final int[] compared;
  private final ValueKind[] targetKinds;
  /** Per column, how source and target values are encoded to compare ({@link SameValues}). */
  private final CanonicalValue[] sourceEncodings;
  private final CanonicalValue[] targetEncodings;
  /** The table as FROM and UPDATE name it: its own rows, a partitioned table's partitions'. */
  private final String from;
  /** The target's rows a chunk's keys find. */
  private final MergeTargets targets;

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
    this.targets = new MergeTargets(table, dialect, targetKinds, sourceEncodings,
        targetEncodings, "SELECT " + String.join(", ", reads) + " FROM " + from + " WHERE ");
  }

  MergeMode mode() {
    return mode;
  }

  /**
   * Under {@code newer-wins}, the entry of {@code prevails} that names the table: a source row
   * whose column is above its values (every row, for none) prevails over the target's row,
   * whatever the versions (docs/sync.md, {@code winner:}). Called once, before the first chunk.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a column the copy does not
   *     carry
   */
  void prevail(List<Prevail> prevails) {
    for (Prevail p : prevails) {
      if (!p.names(table.source()) || mode != MergeMode.NEWER_WINS || table.isFixup()) {
        continue;
      }
      for (int i = 0; i < table.columns().size(); i++) {
        if (table.columns().get(i).name().equalsIgnoreCase(p.column())) {
          prevailAt = i;
          prevailAbove = p.above();
          onBoth = p.onBoth();
          return;
        }
      }
      throw new FerryException(ErrorCode.CONFIGURATION,
          table.target() + ": the winner's changes are told by its watermark column '"
          + p.column() + "', which the copy does not carry (docs/sync.md, winner:). Copy the"
          + " column, or drop winner:.");
    }
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
    return ValueKind.of(column, dialect.temporalsAsText());
  }


  /** A row the target holds with other values ({@code before}), and the positions to write. */
  record Update(Object[] row, int[] columns, Object[] before) {}

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

  /**
   * For each of {@code rows}, in order, whether the merge kept the target's row instead ({@code
   * skipped}, {@code conflict}); none where {@code merged} is null (a plain load writes every
   * row). A row is known by its array, as classified.
   */
  static boolean[] keptTarget(List<Object[]> rows, Classified merged) {
    boolean[] kept = new boolean[rows.size()];
    if (merged == null) {
      return kept;
    }
    java.util.Set<Object[]> keeping = java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>());
    for (Audited a : merged.audited()) {
      if (a.fate() == RowFate.SKIPPED || a.fate() == RowFate.CONFLICT) {
        keeping.add(a.row());
      }
    }
    for (int i = 0; i < kept.length; i++) {
      kept[i] = keeping.contains(rows.get(i));
    }
    return kept;
  }

  /** Classifies the rows (in key order, as transformed for the load) against the target. */
  Classified classify(Connection c, List<Object[]> rows) throws SQLException {
    Map<Object, Object[]> present = targets.rows(c, rows);
    List<Object[]> inserts = new ArrayList<>();
    List<Update> updates = new ArrayList<>();
    List<String> conflictKeys = new ArrayList<>();
    List<Audited> audited = new ArrayList<>(rows.size());
    long[] counts = new long[RowFate.values().length];
    for (Object[] row : rows) {
      Object[] there = present.get(targets.key(row));
      Audited fate = fate(row, there);
      audited.add(fate);
      counts[fate.fate().ordinal()]++;
      switch (fate.fate()) {
        case INSERTED -> inserts.add(row);
        case UPDATED -> updates.add(new Update(row, fate.columns(), there));
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
    Audited fate = FateRule.of(mode, row, there, differing, compared, version);
    if (prevailAt < 0 || !changed(row)) {
      return fate;
    }
    return switch (onBoth) {
      case PREVAIL -> fate.fate() == RowFate.UPDATED ? fate
          : new Audited(row, RowFate.UPDATED, RowFate.Reason.WINNER_CHANGED, differing);
      case CONFLICT -> !changed(there) ? fate : new Audited(row, RowFate.CONFLICT,
          RowFate.Reason.CHANGED_ON_BOTH, differing, there);
      case SKIP -> !changed(there) ? fate : new Audited(row, RowFate.SKIPPED,
          RowFate.Reason.CHANGED_ON_BOTH, NONE, there);
    };
  }

  /** Whether a row's watermark is above every last mark: it changed since the last cycle. */
  private boolean changed(Object[] row) {
    return prevailAbove.stream().allMatch(v -> Versions.compare(row[prevailAt], v) > 0);
  }

  /** The key of a row as messages and the audit print it: {@code 7}, {@code [7, a]}. */
  String keyLabel(Object[] row) {
    if (keys.length == 1) {
      return String.valueOf(row[keys[0]]);
    }
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
    MergeUpdates.write(c, updates, table, dialect, from, targets.keyColumns());
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

  private String columnNames(int[] positions) {
    return String.join(", ", columns(positions));
  }
}
