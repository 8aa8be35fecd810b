package dev.ferry.dialect.mariadb;

import static dev.ferry.dialect.SqlQueries.append;

import dev.ferry.catalog.TableName;
import dev.ferry.catalog.Trigger;
import dev.ferry.dialect.EngineDetails;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What MariaDB's {@code information_schema} tells beyond JDBC metadata: triggers, generated and
 * auto-increment columns, each text column's character set, and which columns are spatial.
 */
final class MariaDbCatalog {

  /** The spatial types, whose values the driver hands over as the server's internal bytes. */
  private static final Set<String> SPATIAL = Set.of("geometry", "point", "linestring", "polygon",
      "multipoint", "multilinestring", "multipolygon", "geometrycollection");

  private MariaDbCatalog() {}

  /** The triggers and the generated columns of the given tables. */
  static EngineDetails details(Connection c, Collection<TableName> tables) throws SQLException {
    String[] schemas = SqlQueries.schemasOf(tables).toArray(String[]::new);
    Set<TableName> wanted = new HashSet<>(tables);
    Map<TableName, List<Trigger>> triggers = new HashMap<>();
    Map<TableName, Map<String, String>> generation = new HashMap<>();
    String in = SqlQueries.placeholders(schemas.length);
    for (Object[] row : SqlQueries.list(c,
        "SELECT EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING,"
            + " EVENT_MANIPULATION FROM information_schema.TRIGGERS"
            + " WHERE EVENT_OBJECT_SCHEMA IN (" + in + ")",
        rs -> new Object[] {new TableName(rs.getString(1), rs.getString(2)),
            new Trigger(rs.getString(3), "trigger", rs.getString(4), rs.getString(5), true,
                false)},
        schemas)) {
      if (wanted.contains((TableName) row[0])) {
        append(triggers, (TableName) row[0], (Trigger) row[1]);
      }
    }
    for (Object[] row : SqlQueries.list(c,
        "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, EXTRA FROM information_schema.COLUMNS"
            + " WHERE TABLE_SCHEMA IN (" + in + ") AND (EXTRA LIKE '%auto_increment%'"
            + " OR EXTRA LIKE '%GENERATED%')",
        rs -> new Object[] {new TableName(rs.getString(1), rs.getString(2)), rs.getString(3),
            rs.getString(4)},
        schemas)) {
      TableName table = (TableName) row[0];
      if (wanted.contains(table)) {
        String kind = ((String) row[2]).toLowerCase(java.util.Locale.ROOT)
            .contains("auto_increment") ? "auto-increment" : "computed";
        generation.computeIfAbsent(table, k -> new HashMap<>()).put((String) row[1], kind);
      }
    }
    return new EngineDetails(generation, triggers, Map.of(), Map.of());
  }

  /**
   * Spatial columns are binary: the driver reports them as OTHER and their text would be their
   * internal bytes (an SRID and WKB) decoded as UTF-8, which loses bytes; as bytes, they are
   * copied and compared exactly, and a spatial column takes them back as they are.
   */
  static List<dev.ferry.catalog.Column> columns(Connection connection, TableName table,
      List<dev.ferry.catalog.Column> reported) throws SQLException {
    Map<String, String> charsets = new HashMap<>();
    try (var ps = connection.prepareStatement("SELECT COLUMN_NAME, CHARACTER_SET_NAME"
        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
        + " AND CHARACTER_SET_NAME IS NOT NULL")) {
      ps.setString(1, table.schema());
      ps.setString(2, table.name());
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          charsets.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return reported.stream().map(c -> c.type() == null
        || !SPATIAL.contains(c.type().toLowerCase(java.util.Locale.ROOT))
        ? new dev.ferry.catalog.Column(c.name(), c.type(), c.jdbcType(), c.size(), c.scale(),
            c.nullable(), c.defaultValue(), c.generation(), charsets.get(c.name()))
        : new dev.ferry.catalog.Column(c.name(), c.type(), "LONGVARBINARY", null, null,
            c.nullable(), c.defaultValue(), c.generation())).toList();
  }
  /**
   * The labels of every ENUM and SET column of the given tables, in declared order, parsed from
   * {@code COLUMN_TYPE} ({@code enum('a','it''s')}: the server doubles a quote inside a label).
   */
  static Map<TableName, Map<String, List<String>>> enumLabels(Connection c,
      Collection<TableName> tables) throws SQLException {
    String[] schemas = SqlQueries.schemasOf(tables).toArray(String[]::new);
    Set<TableName> wanted = new HashSet<>(tables);
    Map<TableName, Map<String, List<String>>> labels = new HashMap<>();
    for (Object[] row : SqlQueries.list(c, "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME,"
        + " COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN ("
        + SqlQueries.placeholders(schemas.length) + ") AND DATA_TYPE IN ('enum', 'set')",
        rs -> new Object[] {new TableName(rs.getString(1), rs.getString(2)), rs.getString(3),
            rs.getString(4)}, schemas)) {
      if (wanted.contains((TableName) row[0])) {
        labels.computeIfAbsent((TableName) row[0], k -> new HashMap<>())
            .put((String) row[1], SqlQueries.quotedList((String) row[2]));
      }
    }
    return labels;
  }

  /** Columns with {@code ON UPDATE CURRENT_TIMESTAMP}: the clause, by table and column. */
  static Map<TableName, Map<String, String>> onUpdate(Connection c,
      Collection<TableName> tables) throws SQLException {
    String[] schemas = SqlQueries.schemasOf(tables).toArray(String[]::new);
    Set<TableName> wanted = new HashSet<>(tables);
    Map<TableName, Map<String, String>> clauses = new HashMap<>();
    for (Object[] row : SqlQueries.list(c, "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, EXTRA"
        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN ("
        + SqlQueries.placeholders(schemas.length) + ") AND LOWER(EXTRA) LIKE '%on update%'",
        rs -> new Object[] {new TableName(rs.getString(1), rs.getString(2)), rs.getString(3),
            rs.getString(4)}, schemas)) {
      if (wanted.contains((TableName) row[0])) {
        String extra = ((String) row[2]).toUpperCase(java.util.Locale.ROOT);
        clauses.computeIfAbsent((TableName) row[0], k -> new HashMap<>()).put((String) row[1],
            extra.substring(extra.indexOf("ON UPDATE")).strip());
      }
    }
    return clauses;
  }
}
