package dev.ferry.catalog;

import java.util.List;

/**
 * A secondary index: one that backs no primary key or unique constraint (those are {@link
 * PrimaryKey} and {@link UniqueKey}), as the source engine declares it. What another engine may
 * not hold (an expression, a predicate, a prefix length, a method other than b-tree) is kept
 * here as the source wrote it; the DDL writer decides per target whether it translates.
 *
 * @param name the index name
 * @param columns its key parts, in index order
 * @param unique true for a unique index that is no plain unique key (partial, or on expressions)
 * @param predicate the predicate of a partial index in the source engine's SQL, or null
 * @param method the access method where it is not a b-tree ({@code gin}, {@code gist}, {@code
 *     hash}, {@code brin}, {@code fulltext}, {@code spatial}); null for a b-tree
 */
public record Index(String name, List<Part> columns, boolean unique, String predicate,
    String method) {

  public Index {
    columns = List.copyOf(columns);
  }

  /**
   * One key part of an index.
   *
   * @param column the column, or null for an expression
   * @param expression the expression in the source engine's SQL, or null for a column; {@code
   *     ?} where the engine does not tell it
   * @param descending true for a descending part
   * @param prefix the leading characters or bytes indexed (MariaDB), or null for the whole value
   */
  public record Part(String column, String expression, boolean descending, Integer prefix) {

    /** A whole column, ascending or not. */
    public static Part of(String column, boolean descending) {
      return new Part(column, null, descending, null);
    }
  }

  /** True when every part is a whole column: no expression, no prefix. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean plainColumns() {
    return columns.stream().allMatch(p -> p.column() != null && p.prefix() == null);
  }
}
