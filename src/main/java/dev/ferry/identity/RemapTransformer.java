package dev.ferry.identity;

import dev.ferry.catalog.TableName;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Rewrites every reference column as rows stream: constant-time lookup in the {@link UserMap},
 * NULL stays NULL, no other column touched. Counts, per column, what {@code
 * users-transformation.json} proves: rows rewritten, NULLs before and after, and whether every
 * written value is a user of the target. Holds the map and the target's keys: measured with a
 * million users on each side (docs/perf.md), map and keys together take 157 bytes per user with
 * integer keys and 181 with GUIDs (150 MiB and 173 MiB), whatever the number of rows copied.
 */
public final class RemapTransformer implements RowTransformer {

  private final UserMap map;
  private final ValueKind targetKind;
  private final Set<Object> targetKeys;
  // each mapped source key's target and whether it is a target user, found once per user rather
  // than once per value: one hash lookup per value instead of two
  private final Map<Object, Resolved> resolved;
  private final Map<TableName, List<String>> columnsByTable = new HashMap<>();
  private final Map<String, Counts> counts = new ConcurrentHashMap<>();
  // by source table for loads, by unit for fix-ups: TablePlan.unit() builds a string per call
  private final Map<TableName, Slots> loads = new ConcurrentHashMap<>();
  private final Map<String, Slots> fixups = new ConcurrentHashMap<>();

  /**
   * @param references the reference columns (source names)
   * @param map the validated map
   * @param target the target's users, to prove every written key exists
   */
  public RemapTransformer(List<ColumnRef> references, UserMap map, Inventory target) {
    this.map = map;
    this.targetKind = target.keyKind();
    this.targetKeys = new HashSet<>(target.identities().size() * 4 / 3 + 1);
    target.identities().forEach(i -> targetKeys.add(Keys.canonical(i.key(), targetKind)));
    Map<Object, Object> pairs = map.canonicalPairs();
    this.resolved = new HashMap<>(pairs.size() * 4 / 3 + 1);
    pairs.forEach((s, t) -> resolved.put(s, new Resolved(t, targetKeys.contains(t))));
    for (ColumnRef ref : references) {
      columnsByTable.computeIfAbsent(ref.table(), t -> new ArrayList<>()).add(ref.column());
      counts.put(ref.qualified(), new Counts());
    }
  }

  /**
   * Records the users the {@code create} fallback inserted into the target (see {@link
   * UserMap#created}); before rows stream.
   */
  public void created(Map<String, String> created) {
    map.created(created);
    created.values().forEach(t -> targetKeys.add(Keys.canonical(t, targetKind)));
  }

  /** The map this transformer applies. */
  public UserMap map() {
    return map;
  }

  @Override
  public Object[] transform(TablePlan table, Object[] row) {
    return rewrite(table, row, !table.isFixup());
  }

  /**
   * Rewrites like {@link #transform} without counting for the proof: for looking at rows before
   * the load, such as the keys a preflight compares with the target's.
   */
  public Object[] rewrite(TablePlan table, Object[] row) {
    return rewrite(table, row, false);
  }

  private Object[] rewrite(TablePlan table, Object[] row, boolean count) {
    Slots at = table.isFixup() ? fixups.computeIfAbsent(table.unit(), u -> slotsOf(table))
        : loads.get(table.source());
    if (at == null || at.columns != table.columns()) {
      // first row of the table, or another plan of it (a preflight's look at its keys)
      at = slotsOf(table);
      if (!table.isFixup()) {
        loads.put(table.source(), at);
      }
    }
    for (int i = 0; i < at.positions.length; i++) {
      int p = at.positions[i];
      Object before = row[p];
      Resolved r = before == null ? null
          : resolved.get(Keys.canonical(before, map.sourceKind()));
      // the users of the null and create fallbacks, and those created since, go the long way
      Object after = r != null ? Keys.asColumn(r.target, targetKind, at.kinds[i])
          : map.rewrite(before, at.kinds[i]);
      if (count) {
        Counts c = at.counts[i];
        c.rows.increment();
        if (before == null) {
          c.nullsBefore.increment();
        }
        if (after == null) {
          c.nullsAfter.increment();
        } else {
          c.rewritten.increment();
          if (r != null ? !r.inTarget : !targetKeys.contains(Keys.canonical(after, targetKind))) {
            c.notInTarget.increment();
          }
        }
      }
      row[p] = after;
    }
    return row;
  }

  /** Where a table plan holds its reference columns, their kinds and counters. */
  private Slots slotsOf(TablePlan table) {
    List<String> columns = columnsByTable.getOrDefault(table.source(), List.of());
    List<Integer> positions = new ArrayList<>();
    List<Counts> counters = new ArrayList<>();
    for (String column : columns) {
      int p = table.indexOf(column);
      if (p >= 0) {
        positions.add(p);
        counters.add(counts.get(table.source().qualified() + "." + column));
      }
    }
    int[] at = positions.stream().mapToInt(Integer::intValue).toArray();
    ValueKind[] kinds = new ValueKind[at.length];
    for (int i = 0; i < at.length; i++) {
      kinds[i] = table.columns().get(at[i]).kind();
    }
    return new Slots(table.columns(), at, kinds, counters.toArray(Counts[]::new));
  }

  /** The proof, per reference column. */
  public Map<String, ColumnProof> proof() {
    Map<String, ColumnProof> proof = new TreeMap<>();
    counts.forEach((column, c) -> proof.put(column, new ColumnProof(c.rows.sum(),
        c.rewritten.sum(), c.nullsBefore.sum(), c.nullsAfter.sum(),
        c.nullsBefore.sum() == c.nullsAfter.sum(), c.notInTarget.sum(),
        c.notInTarget.sum() == 0)));
    return proof;
  }

  /**
   * @param rows rows that passed
   * @param rewritten non-NULL values rewritten
   * @param nullsBefore NULLs read
   * @param nullsAfter NULLs written
   * @param nullsKept true when NULLs before equal NULLs after
   * @param notInTarget written values that are not target users
   * @param allInTarget true when every written value is a target user
   */
  public record ColumnProof(long rows, long rewritten, long nullsBefore, long nullsAfter,
      boolean nullsKept, long notInTarget, boolean allInTarget) {}

  /** A mapped user's target key (canonical) and whether the target has it. */
  private record Resolved(Object target, boolean inTarget) {}

  /** Where a plan ({@code columns}, compared by identity) holds its reference columns. */
  private record Slots(List<CopyColumn> columns, int[] positions, ValueKind[] kinds,
      Counts[] counts) {}

  private static final class Counts {
    final LongAdder rows = new LongAdder();
    final LongAdder rewritten = new LongAdder();
    final LongAdder nullsBefore = new LongAdder();
    final LongAdder nullsAfter = new LongAdder();
    final LongAdder notInTarget = new LongAdder();
  }
}
