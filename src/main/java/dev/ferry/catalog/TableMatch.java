package dev.ferry.catalog;

import java.util.List;
import java.util.Optional;

/**
 * Which target table a source table goes to, and the key a table is read and identified by: the
 * two rules copy, verify, identity and scripts must agree on, so they live beside the catalog.
 */
public final class TableMatch {

  private TableMatch() {}

  /** The target table of the same name: same schema if it has one, else by name, ignoring case. */
  public static Optional<Table> match(Catalog target, TableName source) {
    Optional<Table> exact = target.tables().stream()
        .filter(t -> t.name().name().equalsIgnoreCase(source.name())
            && source.schema() != null && source.schema().equalsIgnoreCase(t.name().schema()))
        .findFirst();
    if (exact.isPresent()) {
      return exact;
    }
    List<Table> byName = target.tables().stream()
        .filter(t -> t.name().name().equalsIgnoreCase(source.name())).toList();
    return byName.size() == 1 ? Optional.of(byName.get(0)) : Optional.empty();
  }

  /** The primary key, else the first non-partial unique key whose columns are all NOT NULL. */
  public static List<String> keyOf(Table table) {
    if (table.primaryKey() != null) {
      return table.primaryKey().columns();
    }
    for (UniqueKey key : table.uniqueKeys()) {
      boolean notNull = key.columns().stream()
          .allMatch(c -> table.column(c).map(col -> !col.nullable()).orElse(false));
      if (!key.partial() && notNull) {
        return key.columns();
      }
    }
    return List.of();
  }
}
