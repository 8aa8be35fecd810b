package dev.ferry.catalog;

import java.util.List;

/**
 * A unique constraint or unique index other than the primary key.
 *
 * @param name the constraint or index name
 * @param columns its columns in index order
 * @param partial true when the index has a predicate (unique only for some rows)
 */
public record UniqueKey(String name, List<String> columns, boolean partial) {
  public UniqueKey {
    columns = List.copyOf(columns);
  }
}
