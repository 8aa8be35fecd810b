package dev.ferry.dialect;

import dev.ferry.catalog.TableName;
import dev.ferry.catalog.Trigger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an engine knows about its tables beyond standard JDBC metadata. Every map may be empty.
 *
 * @param generation per table, column name to generation kind (see {@link
 *     dev.ferry.catalog.Column#generation()}), overriding what JDBC reported
 * @param triggers per table, its triggers and rewrite rules
 * @param parents per table, the tables it inherits from or is a partition of
 * @param deferrability per table, per foreign key (named by {@link #foreignKeyColumns}), its
 *     deferrability, overriding what JDBC reported (for drivers that report it wrongly)
 */
public record EngineDetails(
    Map<TableName, Map<String, String>> generation,
    Map<TableName, List<Trigger>> triggers,
    Map<TableName, List<TableName>> parents,
    Map<TableName, Map<String, String>> deferrability) {

  /** Nothing beyond JDBC. */
  public static EngineDetails none() {
    return new EngineDetails(Map.of(), Map.of(), Map.of(), Map.of());
  }

  /**
   * How {@link #deferrability} names a foreign key within its table: its own (child) columns in key
   * order, lower case, comma-separated. Two keys to the same parent stay apart this way.
   */
  public static String foreignKeyColumns(List<String> columns) {
    return String.join(",", columns.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList());
  }
}
