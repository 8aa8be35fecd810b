package dev.ferry.identity;

import dev.ferry.catalog.TableName;

/**
 * A column of a table, e.g. a reference to the identity table.
 *
 * @param table the table
 * @param column the column's name as the catalog spells it
 */
public record ColumnRef(TableName table, String column) implements Comparable<ColumnRef> {

  /** {@code schema.table.column}. */
  public String qualified() {
    return table.qualified() + "." + column;
  }

  @Override
  public int compareTo(ColumnRef other) {
    int byTable = table.compareTo(other.table);
    return byTable != 0 ? byTable : column.compareTo(other.column);
  }

  @Override
  public String toString() {
    return qualified();
  }
}
