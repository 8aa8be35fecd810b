package dev.ferry.dialect;

import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a catalog is read from: the schemas ({@code --schema}, else the connection's current one),
 * the tables in them by name, and how to name both in a message. {@link CatalogReader}'s
 * companion, for the questions asked before and besides reading tables whole.
 */
final class SchemaScope {

  private final Connection connection;
  private final Dialect dialect;
  private final DatabaseMetaData meta;

  SchemaScope(Connection connection, Dialect dialect, DatabaseMetaData meta) {
    this.connection = connection;
    this.dialect = dialect;
    this.meta = meta;
  }

  /**
   * The schemas to read, as the database spells them.
   *
   * @param requested schemas asked for; empty means the connection's current schema
   * @throws FerryException {@link ErrorCode#INPUT} naming a schema that does not exist and those
   *     that do; {@link ErrorCode#USAGE} for schemas on an engine without any
   */
  List<String> resolve(List<String> requested) throws SQLException {
    if (requested.isEmpty()) {
      List<String> current = new ArrayList<>();
      current.add(dialect.currentSchema(connection));
      return current;
    }
    List<String> known = dialect.schemas(connection);
    if (known.isEmpty()) {
      throw new FerryException(ErrorCode.USAGE,
          "--schema was given, but " + dialect.id() + " databases have no schemas. Leave it out.");
    }
    List<String> resolved = new ArrayList<>();
    String database = describeDatabase();
    for (String schema : new TreeSet<>(requested)) {
      String match = known.stream().filter(k -> k.equals(schema)).findFirst()
          .or(() -> known.stream().filter(k -> k.equalsIgnoreCase(schema)).findFirst())
          .orElseThrow(() -> new FerryException(ErrorCode.INPUT,
              "schema '" + schema + "' not found in " + database
                  + "; it has: " + String.join(", ", known) + ". Name one of these with --schema."));
      resolved.add(match);
    }
    return resolved;
  }

  /** The tables (not views, not ferry's state tables) of resolved schemas, by name only. */
  List<TableName> tables(List<String> schemas) throws SQLException {
    Set<String> stateTables = stateTables();
    List<TableName> names = new ArrayList<>();
    for (String schema : schemas) {
      try (ResultSet rs = meta.getTables(metaCatalog(schema), metaSchema(schema), "%", null)) {
        while (rs.next()) {
          String kind = dialect.tableKind(rs.getString("TABLE_TYPE"));
          TableName name = new TableName(schema, rs.getString("TABLE_NAME"));
          if (kind != null && !Table.VIEW.equals(kind) && !stateTables.contains(
              (schema + "." + name.name()).toLowerCase(Locale.ROOT))) {
            names.add(name);
          }
        }
      }
    }
    return names;
  }

  /** ferry's own state tables, as lower-case {@code schema.name}: never read as data. */
  Set<String> stateTables() throws SQLException {
    Set<String> stateTables = new HashSet<>();
    for (String base : List.of("run", "checkpoint", "deferred_index",
        "deferred_constraint", "created_user", "id_map", "id_map_int",
        "merge_progress", "row_journal", "journal_table", "sync_cycles", "sync_watermarks",
        "sync_positions", "sync_offsets")) {
      TableName state = dialect.stateTable(connection, base);
      stateTables.add((state.schema() + "." + state.name()).toLowerCase(Locale.ROOT));
    }
    return stateTables;
  }

  /** {@code schema public of database 'app'}, or the database alone on engines without schemas. */
  String describe(List<String> schemas) throws SQLException {
    return schemas.isEmpty() || schemas.size() == 1 && schemas.get(0) == null
        ? describeDatabase()
        : (schemas.size() == 1 ? "schema " : "schemas ")
            + String.join(", ", schemas.stream().map(String::valueOf).toList()) + " of "
            + describeDatabase();
  }

  /** Why a selection read no table at all, and what to check. */
  String describeEmpty(List<String> schemas, TableFilter filter) throws SQLException {
    String filtered = filter.include().isEmpty() && filter.exclude().isEmpty()
        ? ""
        : " matching --include " + filter.include() + " --exclude " + filter.exclude();
    return "no tables found in " + describe(schemas) + filtered
        + ". Check the database name, --schema and the include/exclude globs,"
        + " or load the database first.";
  }

  private String describeDatabase() throws SQLException {
    String db = dialect.databaseName(connection);
    return db == null ? "the " + dialect.id() + " database" : "database '" + db + "'";
  }

  /** The catalog argument of JDBC metadata calls for a schema (MariaDB: the database). */
  String metaCatalog(String schema) {
    return dialect.supports(Capability.SCHEMAS_ARE_CATALOGS) ? schema : null;
  }

  /** The schema argument of JDBC metadata calls for a schema. */
  String metaSchema(String schema) {
    return dialect.supports(Capability.SCHEMAS_ARE_CATALOGS) ? null : schema;
  }
}
