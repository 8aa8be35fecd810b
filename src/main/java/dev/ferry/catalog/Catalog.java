package dev.ferry.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The structure of one endpoint: tables, columns, keys and foreign keys, read from the database's
 * own metadata. Written as {@code catalog.json} (see docs/artifacts.md).
 *
 * @param formatVersion version of this JSON shape
 * @param engine the dialect id ({@code postgres}, {@code mariadb}, {@code sqlserver}, {@code
 *     sqlite}, {@code h2})
 * @param database the database (catalog) name, or null where the engine has none
 * @param schemas the schemas that were read, sorted
 * @param filter the include/exclude globs that selected the tables
 * @param tables the tables, sorted by qualified name
 * @param fingerprint {@code sha256:} over the structure (tables only), to refuse mismatched plans
 */
public record Catalog(
    int formatVersion,
    String engine,
    String database,
    List<String> schemas,
    TableFilter filter,
    List<Table> tables,
    String fingerprint) {

  public static final int FORMAT_VERSION = 1;

  public Catalog {
    schemas = List.copyOf(schemas);
    tables = List.copyOf(tables);
  }

  /**
   * By table and column, the enum and set labels its tables carry (read with the indexes, as an
   * export's manifest holds them; a manifest of an older ferry has none).
   */
  public Map<TableName, Map<String, List<String>>> enumLabels() {
    Map<TableName, Map<String, List<String>>> labels = new HashMap<>();
    tables.stream().filter(t -> !t.enumLabels().isEmpty())
        .forEach(t -> labels.put(t.name(), t.enumLabels()));
    return labels;
  }

  /** The table with that qualified name. */
  public Optional<Table> table(TableName name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
