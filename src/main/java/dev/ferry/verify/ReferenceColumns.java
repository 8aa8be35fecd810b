package dev.ferry.verify;

import dev.ferry.api.IdentityConfig;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.identity.ColumnRef;
import dev.ferry.identity.References;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The identity table and the columns holding identity keys in one catalog, as the copy finds them
 * ({@link References}), plus the declared soft references alone for orphan checks.
 */
final class ReferenceColumns {

  private ReferenceColumns() {}

  /** The identity table, by qualified name or else by table name, ignoring case. */
  static Table identityTable(Catalog catalog, IdentityConfig config) {
    return References.identityTable(catalog, config);
  }

  /**
   * Every reference column, sorted: each single-column foreign key to the identity table's key,
   * plus the soft references (the identity table's own columns are not among them).
   */
  static List<ColumnRef> of(Catalog catalog, IdentityConfig config) {
    return References.of(catalog, config);
  }

  /** The declared soft references whose table is in the catalog, sorted. */
  static List<ColumnRef> soft(Catalog catalog, IdentityConfig config) {
    TreeSet<ColumnRef> refs = new TreeSet<>();
    for (String soft : config.softReferences()) {
      int dot = soft.lastIndexOf('.');
      String tableName = soft.substring(0, dot);
      String column = soft.substring(dot + 1);
      Optional<Table> table = find(catalog, tableName);
      if (table.isEmpty()) {
        continue;
      }
      Table t = table.get();
      String actual = t.columns().stream().map(c -> c.name())
          .filter(n -> n.equalsIgnoreCase(column)).findFirst()
          .orElseThrow(() -> new FerryException(ErrorCode.CONFIGURATION, "soft reference "
              + soft + " (ferry.yaml identity.soft-references): table " + t.name()
              + " has no column " + column));
      refs.add(new ColumnRef(t.name(), actual));
    }
    return new ArrayList<>(refs);
  }

  static Optional<Table> find(Catalog catalog, String name) {
    Optional<Table> exact = catalog.tables().stream()
        .filter(t -> t.name().qualified().equalsIgnoreCase(name)).findFirst();
    if (exact.isPresent()) {
      return exact;
    }
    List<Table> byName = catalog.tables().stream()
        .filter(t -> t.name().name().equalsIgnoreCase(name)).toList();
    return byName.size() == 1 ? Optional.of(byName.get(0)) : Optional.empty();
  }
}
