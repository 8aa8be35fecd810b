package dev.ferry.verify;

import dev.ferry.api.ErrorCode;
import dev.ferry.api.FerryException;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.identity.ColumnRef;
import dev.ferry.identity.IdentityConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The identity table and the columns holding identity keys in one catalog: every single-column
 * foreign key to the identity table's key, plus the soft references declared in ferry.yaml.
 * (Issue 4 adds the same rule as {@code dev.ferry.identity.References}; once it is on main this
 * class should delegate to it.)
 */
final class ReferenceColumns {

  private ReferenceColumns() {}

  /** The identity table, by qualified name or else by table name, ignoring case. */
  static Table identityTable(Catalog catalog, IdentityConfig config) {
    return find(catalog, config.table()).orElseThrow(() -> new FerryException(
        ErrorCode.CONFIGURATION, "identity table '" + config.table() + "' (ferry.yaml identity."
            + "table) is not among the tables read from " + catalog.engine() + " database "
            + catalog.database() + ". Check its name and --schema."));
  }

  /** Every reference column, sorted. */
  static List<ColumnRef> of(Catalog catalog, IdentityConfig config) {
    Table identity = identityTable(catalog, config);
    TreeSet<ColumnRef> refs = new TreeSet<>();
    for (Table t : catalog.tables()) {
      for (ForeignKey fk : t.foreignKeys()) {
        if (fk.parent().equals(identity.name()) && fk.columns().size() == 1
            && fk.parentColumns().get(0).equalsIgnoreCase(config.key())) {
          refs.add(new ColumnRef(t.name(), fk.columns().get(0)));
        }
      }
    }
    refs.addAll(soft(catalog, config));
    return new ArrayList<>(refs);
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
