package dev.ferry.catalog;

import java.util.Map;
import java.util.TreeMap;

/**
 * The comments a table and its columns carry in the source ({@code COMMENT ON} in PostgreSQL
 * and H2, {@code COMMENT '...'} in MariaDB), verbatim.
 *
 * @param table the table's comment, or null
 * @param columns column name to comment, for the columns that have one, by name
 */
public record Comments(
    @com.fasterxml.jackson.annotation.JsonInclude(
        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    String table,
    @com.fasterxml.jackson.annotation.JsonInclude(
        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    Map<String, String> columns) {

  public Comments {
    columns = columns == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new TreeMap<>(columns));
  }

  /** True when neither the table nor a column has a comment. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() {
    return table == null && columns.isEmpty();
  }
}
