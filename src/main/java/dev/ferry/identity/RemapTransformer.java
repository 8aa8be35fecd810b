package dev.ferry.identity;

import dev.ferry.catalog.TableName;
import dev.ferry.transfer.RowTransformer;
import dev.ferry.transfer.TablePlan;
import dev.ferry.transfer.ValueKind;
import java.util.ArrayList;
import java.util.HashMap;
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
 * written value is a user of the target.
 */
public final class RemapTransformer implements RowTransformer {

  private final UserMap map;
  private final Set<String> targetKeys;
  private final Map<TableName, List<String>> columnsByTable = new HashMap<>();
  private final Map<String, Counts> counts = new ConcurrentHashMap<>();
  private final Map<String, int[]> positions = new ConcurrentHashMap<>();

  /**
   * @param references the reference columns (source names)
   * @param map the validated map
   * @param target the target's users, to prove every written key exists
   */
  public RemapTransformer(List<ColumnRef> references, UserMap map, Inventory target) {
    this.map = map;
    this.targetKeys = target.byKey().keySet();
    for (ColumnRef ref : references) {
      columnsByTable.computeIfAbsent(ref.table(), t -> new ArrayList<>()).add(ref.column());
      counts.put(ref.qualified(), new Counts());
    }
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
    List<String> columns = columnsByTable.get(table.source());
    if (columns == null) {
      return row;
    }
    int[] at = positions.computeIfAbsent(table.unit(), u -> columns.stream()
        .mapToInt(table::indexOf).toArray());
    for (int i = 0; i < at.length; i++) {
      if (at[i] < 0) {
        continue;
      }
      Counts c = counts.get(table.source().qualified() + "." + columns.get(i));
      Object before = row[at[i]];
      ValueKind kind = table.columns().get(at[i]).kind();
      Object after = map.rewrite(before, kind);
      if (count) {
        c.rows.increment();
        if (before == null) {
          c.nullsBefore.increment();
        }
        if (after == null) {
          c.nullsAfter.increment();
        } else {
          c.rewritten.increment();
          if (!targetKeys.contains(Keys.text(after))) {
            c.notInTarget.increment();
          }
        }
      }
      row[at[i]] = after;
    }
    return row;
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

  private static final class Counts {
    final LongAdder rows = new LongAdder();
    final LongAdder rewritten = new LongAdder();
    final LongAdder nullsBefore = new LongAdder();
    final LongAdder nullsAfter = new LongAdder();
    final LongAdder notInTarget = new LongAdder();
  }
}
