package dev.ferry.dialect;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.PrimaryKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import dev.ferry.catalog.Trigger;
import dev.ferry.catalog.UniqueKey;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.JDBCType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a {@link Catalog} from a live connection: standard JDBC metadata for tables, columns and
 * keys, completed by the {@link Dialect}'s engine details (identity kinds, triggers, inheritance).
 * Columns are read with one call per schema; keys with one call per table.
 */
public final class CatalogReader {

  private final Connection connection;
  private final Dialect dialect;
  private final DatabaseMetaData meta;
  private final SchemaScope scope;
  private final ForeignKeyReader foreignKeys;

  /**
   * @param connection an open connection; not closed here
   * @param dialect the connection's dialect
   */
  public CatalogReader(Connection connection, Dialect dialect) throws SQLException {
    this.connection = connection;
    this.dialect = dialect;
    this.meta = connection.getMetaData();
    this.scope = new SchemaScope(connection, dialect, meta);
    this.foreignKeys = new ForeignKeyReader(dialect, meta, scope);
  }

  /**
   * Reads the selected tables of the given schemas.
   *
   * @param requestedSchemas schemas to read; empty means the connection's current schema
   * @param filter which tables (and whether views) to keep
   * @throws FerryException {@link ErrorCode#INPUT} when a schema does not exist, a glob of the
   *     filter matches no table, or nothing is left
   */
  public Catalog read(List<String> requestedSchemas, TableFilter filter) throws SQLException {
    return read(requestedSchemas, filter, true);
  }

  /**
   * Reads the selected tables of the given schemas.
   *
   * @param everyGlobMatches whether a glob that matches no table is refused: true where the
   *     user's selection is read (a source), false for the counterpart of a selection read
   *     elsewhere (a target, which reports its missing tables itself)
   */
  public Catalog read(List<String> requestedSchemas, TableFilter filter, boolean everyGlobMatches)
      throws SQLException {
    List<String> schemas = scope.resolve(requestedSchemas);
    Set<String> stateTables = scope.stateTables();
    Map<TableName, String> kinds = new TreeMap<>();
    Set<TableName> present = new HashSet<>();
    List<TableName> candidates = new ArrayList<>();
    for (String schema : schemas) {
      try (ResultSet rs = meta.getTables(metaCatalog(schema), metaSchema(schema), "%", null)) {
        while (rs.next()) {
          String kind = dialect.tableKind(rs.getString("TABLE_TYPE"));
          TableName name = new TableName(schema, rs.getString("TABLE_NAME"));
          present.add(name);
          boolean wanted = Table.VIEW.equals(kind) ? filter.views() : kind != null;
          wanted &= !stateTables.contains((schema + "." + name.name())
              .toLowerCase(java.util.Locale.ROOT));
          if (wanted) {
            candidates.add(name);
          }
          if (wanted && filter.accepts(name)) {
            kinds.put(name, kind);
          }
        }
      }
    }
    if (everyGlobMatches) {
      filter.requireEveryGlobMatches(candidates, scope.describe(schemas));
    }
    if (kinds.isEmpty()) {
      throw new FerryException(ErrorCode.INPUT, scope.describeEmpty(schemas, filter));
    }
    Map<TableName, List<Column>> columns = readColumns(schemas, kinds.keySet());
    EngineDetails details = dialect.details(connection, kinds.keySet());
    Set<TableName> withChildren = new HashSet<>();
    details.parents().values().forEach(withChildren::addAll);

    List<Table> tables = new ArrayList<>();
    for (Map.Entry<TableName, String> entry : kinds.entrySet()) {
      TableName name = entry.getKey();
      Map<String, String> generated = details.generation().getOrDefault(name, Map.of());
      List<Column> cols = dialect.columns(connection, name, columns.getOrDefault(name, List.of()))
          .stream()
          .map(c -> generated.containsKey(c.name()) ? withGeneration(c, generated.get(c.name())) : c)
          .toList();
      boolean isView = Table.VIEW.equals(entry.getValue());
      PrimaryKey pk = isView ? null : readPrimaryKey(name);
      tables.add(new Table(
          name,
          entry.getValue(),
          cols,
          pk,
          isView ? List.of() : readUniqueKeys(name, pk, cols),
          isView ? List.of() : foreignKeys.read(name,
              details.deferrability().getOrDefault(name, Map.of()), present),
          sorted(details.triggers().getOrDefault(name, List.of()), Comparator.comparing(Trigger::name)),
          details.parents().getOrDefault(name, List.of()),
          withChildren.contains(name)));
    }
    String fingerprint = Json.fingerprint(tables);
    return new Catalog(Catalog.FORMAT_VERSION, dialect.id(), dialect.databaseName(connection),
        schemas.stream().filter(s -> s != null).sorted().toList(), filter, tables, fingerprint);
  }

  /**
   * The same catalog with each table's secondary indexes, read from the engine's own catalog
   * (one query per table), their check constraints (one query per table), and the comments of its tables and columns (JDBC's {@code REMARKS},
   * one call per schema): what {@code ferry schema} and {@code --create-schema} create. A
   * catalog read for a copy's plan does without them, so that an index made or dropped, or a
   * comment changed, around a load never changes the plan.
   */
  public Catalog withIndexes(Catalog catalog) throws SQLException {
    Map<TableName, List<dev.ferry.catalog.Index>> indexes = dialect.indexes(connection,
        catalog.tables());
    Map<TableName, dev.ferry.catalog.Comments> comments = readComments(catalog);
    Map<TableName, Map<String, List<String>>> labels = dialect.enumLabels(connection,
        catalog.tables().stream().map(Table::name).toList());
    Map<TableName, List<dev.ferry.catalog.Check>> checks = dialect.checks(connection,
        catalog.tables());
    if (indexes.isEmpty() && comments.isEmpty() && labels.isEmpty() && checks.isEmpty()) {
      return catalog;
    }
    List<Table> tables = catalog.tables().stream()
        .map(t -> t.withIndexes(indexes.getOrDefault(t.name(), List.of()))
            .withComments(comments.get(t.name()))
            .withEnumLabels(labels.get(t.name()))
            .withChecks(checks.get(t.name()))).toList();
    return new Catalog(catalog.formatVersion(), catalog.engine(), catalog.database(),
        catalog.schemas(), catalog.filter(), tables, Json.fingerprint(tables));
  }

  private Map<TableName, dev.ferry.catalog.Comments> readComments(Catalog catalog)
      throws SQLException {
    Map<TableName, String> tableComments = new HashMap<>();
    Map<TableName, Map<String, String>> columnComments = new HashMap<>();
    Set<TableName> wanted = new HashSet<>();
    catalog.tables().stream().filter(t -> !Table.VIEW.equals(t.kind()))
        .forEach(t -> wanted.add(t.name()));
    Set<String> schemas = new java.util.TreeSet<>(java.util.Comparator.nullsFirst(
        java.util.Comparator.naturalOrder()));
    wanted.forEach(t -> schemas.add(t.schema()));
    for (String schema : schemas) {
      try (ResultSet rs = meta.getTables(metaCatalog(schema), metaSchema(schema), "%", null)) {
        while (rs.next()) {
          TableName name = new TableName(schema, rs.getString("TABLE_NAME"));
          String remark = rs.getString("REMARKS");
          if (wanted.contains(name) && remark != null && !remark.isEmpty()) {
            tableComments.put(name, remark);
          }
        }
      }
      try (ResultSet rs = meta.getColumns(metaCatalog(schema), metaSchema(schema), "%", "%")) {
        while (rs.next()) {
          TableName name = new TableName(schema, rs.getString("TABLE_NAME"));
          String remark = rs.getString("REMARKS");
          if (wanted.contains(name) && remark != null && !remark.isEmpty()) {
            columnComments.computeIfAbsent(name, k -> new TreeMap<>())
                .put(rs.getString("COLUMN_NAME"), remark);
          }
        }
      }
    }
    Map<TableName, dev.ferry.catalog.Comments> result = new HashMap<>();
    for (TableName t : wanted) {
      var c = new dev.ferry.catalog.Comments(tableComments.get(t),
          columnComments.getOrDefault(t, Map.of()));
      if (!c.isEmpty()) {
        result.put(t, c);
      }
    }
    return result;
  }

  /**
   * The tables (not views, not ferry's state tables) of the given schemas, by name only: what a
   * name from the configuration is looked up among.
   *
   * @param requestedSchemas schemas to list; empty means the connection's current schema
   */
  public List<TableName> tableNames(List<String> requestedSchemas) throws SQLException {
    return scope.tables(scope.resolve(requestedSchemas));
  }

  /**
   * Where the given schemas are, for messages: {@code schema public of database 'app'}, or the
   * database alone on engines without schemas.
   *
   * @param requestedSchemas as for {@link #tableNames}
   */
  public String describeWhere(List<String> requestedSchemas) throws SQLException {
    return scope.describe(scope.resolve(requestedSchemas));
  }

  private Map<TableName, List<Column>> readColumns(List<String> schemas, Set<TableName> wanted)
      throws SQLException {
    Map<TableName, Map<Integer, Column>> byTable = new HashMap<>();
    for (String schema : schemas) {
      try (ResultSet rs = meta.getColumns(metaCatalog(schema), metaSchema(schema), "%", "%")) {
        while (rs.next()) {
          TableName table = new TableName(schema, rs.getString("TABLE_NAME"));
          if (!wanted.contains(table)) {
            continue;
          }
          int jdbcType = rs.getInt("DATA_TYPE");
          Integer size = intOrNull(rs, "COLUMN_SIZE");
          Integer scale = intOrNull(rs, "DECIMAL_DIGITS");
          String generation = null;
          if ("YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"))) {
            generation = "auto-increment";
          } else if ("YES".equalsIgnoreCase(rs.getString("IS_GENERATEDCOLUMN"))) {
            generation = "computed";
          }
          Column column = new Column(
              rs.getString("COLUMN_NAME"),
              rs.getString("TYPE_NAME"),
              jdbcTypeName(jdbcType),
              size,
              scale,
              rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls,
              rs.getString("COLUMN_DEF"),
              generation);
          byTable.computeIfAbsent(table, k -> new TreeMap<>())
              .put(rs.getInt("ORDINAL_POSITION"), column);
        }
      }
    }
    Map<TableName, List<Column>> result = new HashMap<>();
    byTable.forEach((table, cols) -> result.put(table, List.copyOf(cols.values())));
    return result;
  }

  private PrimaryKey readPrimaryKey(TableName table) throws SQLException {
    Map<Integer, String> columns = new TreeMap<>();
    String name = null;
    try (ResultSet rs = meta.getPrimaryKeys(metaCatalog(table.schema()),
        metaSchema(table.schema()), table.name())) {
      while (rs.next()) {
        columns.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
        name = rs.getString("PK_NAME");
      }
    }
    if (columns.isEmpty()) {
      return null;
    }
    return new PrimaryKey(name == null || name.isEmpty() ? table.name() + "_pkey" : name,
        List.copyOf(columns.values()));
  }

  private List<UniqueKey> readUniqueKeys(TableName table, PrimaryKey pk, List<Column> cols)
      throws SQLException {
    Set<String> columnNames = new HashSet<>();
    cols.forEach(c -> columnNames.add(c.name()));
    Map<String, TreeMap<Integer, String>> indexes = new TreeMap<>();
    Map<String, Boolean> partial = new HashMap<>();
    Set<String> expression = new HashSet<>();
    try (ResultSet rs = meta.getIndexInfo(metaCatalog(table.schema()), metaSchema(table.schema()),
        table.name(), true, true)) {
      while (rs.next()) {
        String index = rs.getString("INDEX_NAME");
        if (index == null || rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic
            || rs.getBoolean("NON_UNIQUE")) {
          continue;
        }
        String column = rs.getString("COLUMN_NAME");
        if (column == null || !columnNames.contains(column)) {
          expression.add(index);
          continue;
        }
        indexes.computeIfAbsent(index, k -> new TreeMap<>()).put(rs.getInt("ORDINAL_POSITION"),
            column);
        String filter = rs.getString("FILTER_CONDITION");
        partial.merge(index, filter != null && !filter.isBlank(), Boolean::logicalOr);
      }
    }
    List<UniqueKey> keys = new ArrayList<>();
    indexes.forEach((index, columns) -> {
      List<String> keyColumns = List.copyOf(columns.values());
      boolean isPrimary = pk != null && pk.columns().equals(keyColumns);
      if (!isPrimary && !expression.contains(index)) {
        keys.add(new UniqueKey(index, keyColumns, partial.getOrDefault(index, false)));
      }
    });
    return keys;
  }

  private String metaCatalog(String schema) {
    return scope.metaCatalog(schema);
  }

  private String metaSchema(String schema) {
    return scope.metaSchema(schema);
  }

  private static Column withGeneration(Column c, String generation) {
    return new Column(c.name(), c.type(), c.jdbcType(), c.size(), c.scale(), c.nullable(),
        c.defaultValue(), generation, c.charset());
  }

  private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
    List<T> copy = new ArrayList<>(items);
    copy.sort(order);
    return copy;
  }

  private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  static String jdbcTypeName(int code) {
    try {
      return JDBCType.valueOf(code).getName();
    } catch (IllegalArgumentException e) {
      return "OTHER(" + code + ")";
    }
  }
}
