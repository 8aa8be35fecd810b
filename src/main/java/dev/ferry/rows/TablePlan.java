package dev.ferry.rows;

import dev.ferry.catalog.TableName;
import java.util.List;
import java.util.Set;

/**
 * How one table is copied: which columns, in which key order, and which foreign-key columns are
 * loaded as NULL first (cycle breaks) to be filled by a later fix-up.
 *
 * @param source the source table
 * @param target the target table (the same name, up to letter case)
 * @param columns the columns copied, in this order in every {@link Chunk} row; computed columns
 *     are left out
 * @param keyColumns the key read in order for keyset pagination (primary key, else a non-null
 *     unique key); empty when the table has neither and is read in one pass
 * @param nulledColumns columns written as NULL in the first pass (null-then-update cycle breaks)
 * @param ownRowsOnly read only the table's own rows (it has inheritance children)
 * @param updateColumns empty for a load; for a cycle fix-up, the columns an UPDATE sets on the
 *     rows identified by {@code keyColumns}
 * @param rowFilter a condition on the source's columns selecting the rows read (a table's {@code
 *     where:} in {@code ferry.yaml}, checked to be one boolean expression); null for every row
 * @param range the key range of the table this unit reads, when a large table is split into
 *     ranges loaded at once; null for the whole table
 */
public record TablePlan(
    TableName source,
    TableName target,
    List<CopyColumn> columns,
    List<String> keyColumns,
    Set<String> nulledColumns,
    boolean ownRowsOnly,
    List<String> updateColumns,
    String rowFilter,
    KeyRange range) {

  public TablePlan {
    columns = List.copyOf(columns);
    keyColumns = List.copyOf(keyColumns);
    nulledColumns = Set.copyOf(nulledColumns);
    updateColumns = List.copyOf(updateColumns);
  }

  /** A plan of the whole table (no key range). */
  public TablePlan(TableName source, TableName target, List<CopyColumn> columns,
      List<String> keyColumns, Set<String> nulledColumns, boolean ownRowsOnly,
      List<String> updateColumns, String rowFilter) {
    this(source, target, columns, keyColumns, nulledColumns, ownRowsOnly, updateColumns,
        rowFilter, null);
  }

  /** A plan that reads every row of the source table. */
  public TablePlan(TableName source, TableName target, List<CopyColumn> columns,
      List<String> keyColumns, Set<String> nulledColumns, boolean ownRowsOnly,
      List<String> updateColumns) {
    this(source, target, columns, keyColumns, nulledColumns, ownRowsOnly, updateColumns, null);
  }

  /** The same plan reading only the rows {@code condition} selects (null: every row). */
  public TablePlan withRowFilter(String condition) {
    return new TablePlan(source, target, columns, keyColumns, nulledColumns, ownRowsOnly,
        updateColumns, condition, range);
  }

  /** The same plan reading only the rows of {@code keyRange} (null: the whole table). */
  public TablePlan withRange(KeyRange keyRange) {
    return new TablePlan(source, target, columns, keyColumns, nulledColumns, ownRowsOnly,
        updateColumns, rowFilter, keyRange);
  }

  /** The table's own name in checkpoints, whichever range of it this unit reads. */
  public String tableUnit() {
    return withRange(null).unit();
  }

  /** The FROM target of a read of the source: the table, or the rows its filter selects. */
  public String sourceFrom(dev.ferry.dialect.Dialect dialect) {
    return dialect.rowsFrom(source, ownRowsOnly, rowFilter);
  }

  /**
   * The unit's name in checkpoints and reports: the table, a range of it ({@code
   * public.orders#2/6}), or {@code fixup:table(columns)}.
   */
  public String unit() {
    return updateColumns.isEmpty() ? source.qualified() + (range == null ? "" : range.label())
        : "fixup:" + source.qualified() + "(" + String.join(",", updateColumns) + ")";
  }

  /** True for a cycle fix-up (UPDATE of broken foreign-key columns). */
  public boolean isFixup() {
    return !updateColumns.isEmpty();
  }

  /** True when the table is read page by page in key order and can resume mid-table. */
  public boolean keyed() {
    return !keyColumns.isEmpty();
  }

  /** Positions of the key columns within {@link #columns()}. */
  public int[] keyPositions() {
    int[] positions = new int[keyColumns.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = indexOf(keyColumns.get(i));
    }
    return positions;
  }

  /**
   * A read of the same rows (key order, row filter, own rows only) that carries only the key and
   * {@code columns}: for checks that page through a table but need few of its values.
   */
  public TablePlan narrowedTo(List<String> columns) {
    List<CopyColumn> narrow = this.columns.stream()
        .filter(c -> keyColumns.contains(c.name()) || columns.contains(c.name())).toList();
    return new TablePlan(source, target, narrow, keyColumns, Set.of(), ownRowsOnly, List.of(),
        rowFilter, range);
  }

  /** Position of a column within {@link #columns()}, or -1. */
  public int indexOf(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    return -1;
  }
}
