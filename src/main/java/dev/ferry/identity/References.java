package dev.ferry.identity;

import dev.ferry.api.IdentityConfig;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Finds the identity table and every column that holds an identity key. */
public final class References {

  private References() {}

  /** The identity table in a catalog: by qualified name, else by table name, ignoring case. */
  public static Table identityTable(Catalog catalog, IdentityConfig config) {
    return find(catalog, config.table()).orElseThrow(() -> new FerryException(
        ErrorCode.CONFIGURATION, "identity table '" + config.table() + "' ("
            + config.tableSetting() + ") is not among the tables read: " + names(catalog)
            + ". Check its name and --schema."));
  }

  /**
   * The identity table of a database, read on its own: found by name among the tables of the
   * schemas first, so that a name that is not there is reported as what it is — a setting of
   * ferry.yaml naming no table — with the nearest names.
   *
   * @param side {@code source} or {@code target}, for the message
   * @param endpoint the endpoint, described for the message
   * @throws FerryException {@link ErrorCode#CONFIGURATION} when the table does not exist
   */
  public static Table readIdentityTable(CatalogReader reader, List<String> schemas,
      IdentityConfig config, String side, String endpoint) throws SQLException {
    List<TableName> names = reader.tableNames(schemas);
    String wanted = config.table();
    List<TableName> found = names.stream().filter(n -> n.qualified().equalsIgnoreCase(wanted))
        .toList();
    if (found.isEmpty()) {
      found = names.stream().filter(n -> n.name().equalsIgnoreCase(wanted)).toList();
    }
    if (found.isEmpty()) {
      throw new FerryException(ErrorCode.CONFIGURATION, "the identity table '" + wanted + "' ("
          + config.tableSetting() + ") does not exist in the " + side + " " + endpoint + ", "
          + reader.describeWhere(schemas) + "; " + TableFilter.closest(wanted, names) + ". Correct"
          + " identity.table in ferry.yaml (or --schema).");
    }
    return identityTable(reader.read(schemas, new TableFilter(
        found.stream().map(TableName::qualified).toList(), List.of(), false)), config);
  }

  /**
   * Every reference column: each single-column foreign key to the identity table's key, plus the
   * soft references of the configuration; sorted. The identity table's own columns (such as an
   * {@code app_user.invited_by}) are not among them: with a user map its rows are never copied,
   * so the users they reference need no target.
   */
  public static List<ColumnRef> of(Catalog catalog, IdentityConfig config) {
    return of(catalog, identityTable(catalog, config).name(), config);
  }

  /**
   * The reference columns of a catalog that may leave the identity table out (a copy of some
   * tables only): those of its tables that are copied.
   */
  public static List<ColumnRef> of(Catalog catalog, TableName identity, IdentityConfig config) {
    TreeSet<ColumnRef> refs = new TreeSet<>();
    for (Table t : catalog.tables()) {
      if (t.name().equals(identity)) {
        continue;
      }
      for (ForeignKey fk : t.foreignKeys()) {
        if (fk.parent().equals(identity) && fk.columns().size() == 1
            && fk.parentColumns().get(0).equalsIgnoreCase(config.key())) {
          refs.add(new ColumnRef(t.name(), fk.columns().get(0)));
        }
      }
    }
    for (String soft : config.softReferences()) {
      int dot = soft.lastIndexOf('.');
      String tableName = soft.substring(0, dot);
      String column = soft.substring(dot + 1);
      Table t = find(catalog, tableName).orElse(null);
      if (t == null || t.name().equals(identity)) {
        // a soft reference to a table left out of this copy is simply not rewritten here
        continue;
      }
      String actual = t.columns().stream().map(c -> c.name())
          .filter(n -> n.equalsIgnoreCase(column)).findFirst()
          .orElseThrow(() -> new FerryException(ErrorCode.CONFIGURATION, "soft reference "
              + soft + ": table " + t.name() + " has no column " + column));
      refs.add(new ColumnRef(t.name(), actual));
    }
    return new ArrayList<>(refs);
  }

  /**
   * Refuses a soft reference whose table is none of the tables there are: {@link #of} skips a
   * soft reference to a table that is not read, as a copy of some tables must, so a misspelt one
   * would otherwise pass unnoticed.
   *
   * @param tables every table of the side (not only those selected)
   * @param side {@code source}, for the message
   * @throws FerryException {@link ErrorCode#CONFIGURATION} with the nearest table names
   */
  public static void requireSoftReferenceTables(Collection<TableName> tables,
      IdentityConfig config, String side) {
    for (String soft : config.softReferences()) {
      String table = soft.substring(0, soft.lastIndexOf('.'));
      boolean exists = tables.stream().anyMatch(t -> t.qualified().equalsIgnoreCase(table)
          || t.name().equalsIgnoreCase(table));
      if (!exists) {
        throw new FerryException(ErrorCode.CONFIGURATION, "soft reference '" + soft + "' ("
            + config.where("soft-references") + ") names no table of the " + side
            + "; " + TableFilter.closest(table, tables) + ". Correct it in ferry.yaml.");
      }
    }
  }

  /** True when every soft reference's table is in the catalog. */
  static boolean softReferenceTablesIn(Catalog catalog, IdentityConfig config) {
    return config.softReferences().stream()
        .allMatch(soft -> find(catalog, soft.substring(0, soft.lastIndexOf('.'))).isPresent());
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

  private static String names(Catalog catalog) {
    return String.join(", ", catalog.tables().stream().map(t -> t.name().qualified()).toList());
  }
}
