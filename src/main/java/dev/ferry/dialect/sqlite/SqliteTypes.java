package dev.ferry.dialect.sqlite;

import dev.ferry.catalog.Column;
import dev.ferry.catalog.TableName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SQLite's columns as SQLite defines them. The driver reports a JDBC type by loose name matching
 * (a BLOB, a DATE and a column without type all come as VARCHAR) and every column as nullable;
 * here the declared type is read by SQLite's own affinity rules (sqlite.org/datatype3.html, 3.1)
 * and mapped to the JDBC type whose values it holds:
 *
 * <ol>
 *   <li>a type containing {@code INT}: INTEGER affinity, 64-bit integers ({@code BIGINT});
 *   <li>{@code CHAR}, {@code CLOB} or {@code TEXT}: TEXT affinity ({@code VARCHAR}; SQLite never
 *       pads a CHAR);
 *   <li>{@code BLOB}: bytes ({@code BLOB}); no declared type: values kept as stored ({@code OTHER});
 *   <li>{@code REAL}, {@code FLOA}, {@code DOUB}: binary64 ({@code DOUBLE});
 *   <li>otherwise NUMERIC affinity, where the name tells what is meant: {@code BOOLEAN},
 *       {@code DATE}, {@code TIME}, {@code DATETIME}/{@code TIMESTAMP}, {@code DECIMAL}/
 *       {@code NUMERIC}, {@code JSON}, {@code UUID}; any other name holds values as stored.
 * </ol>
 *
 * <p>SQLite does not enforce declared lengths or precisions, so they are not reported as sizes:
 * a {@code VARCHAR(10)} may hold longer text, and what a target can take is measured on the
 * values instead. A column is NOT NULL when declared so, when it is the rowid ({@code INTEGER
 * PRIMARY KEY}), or when it is part of a {@code WITHOUT ROWID} table's primary key.
 */
final class SqliteTypes {

  private static final Pattern WITHOUT_ROWID = Pattern.compile("(?i)\\)\\s*WITHOUT\\s+ROWID");

  private SqliteTypes() {}

  /** The table's columns as SQLite declares them (see the class comment). */
  static List<Column> columns(Connection c, TableName table, List<Column> reported)
      throws SQLException {
    Map<String, int[]> info = new HashMap<>();
    int keyColumns = 0;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, \"notnull\", pk FROM pragma_table_info('"
            + table.name().replace("'", "''") + "')")) {
      while (rs.next()) {
        int pk = rs.getInt(3);
        keyColumns += pk > 0 ? 1 : 0;
        info.put(rs.getString(1), new int[] {rs.getInt(2), pk});
      }
    }
    boolean withoutRowid = WITHOUT_ROWID.matcher(ddl(c, table)).find();
    List<Column> columns = new ArrayList<>();
    for (Column col : reported) {
      int[] facts = info.getOrDefault(col.name(), new int[] {0, 0});
      String declared = col.type() == null ? "" : col.type().strip();
      boolean rowid = keyColumns == 1 && facts[1] == 1 && !withoutRowid
          && declared.equalsIgnoreCase("INTEGER");
      boolean notNull = facts[0] == 1 || rowid || withoutRowid && facts[1] > 0;
      columns.add(new Column(col.name(), declared, jdbcType(declared), null, null, !notNull,
          col.defaultValue(), col.generation()));
    }
    return columns;
  }

  private static String ddl(Connection c, TableName table) throws SQLException {
    try (var ps = c.prepareStatement(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      ps.setString(1, table.name());
      try (ResultSet rs = ps.executeQuery()) {
        String sql = rs.next() ? rs.getString(1) : null;
        return sql == null ? "" : sql;
      }
    }
  }

  /** The JDBC type name of a declared type, by SQLite's affinity rules (class comment). */
  static String jdbcType(String declared) {
    String type = declared.toUpperCase(Locale.ROOT);
    if (type.contains("INT")) {
      return "BIGINT";
    }
    if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
      return "VARCHAR";
    }
    if (type.contains("BLOB")) {
      return "BLOB";
    }
    if (type.isEmpty()) {
      return "OTHER";
    }
    if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
      return "DOUBLE";
    }
    String name = type.replaceAll("\\s*\\(.*", "");
    if (name.equals("BOOLEAN") || name.equals("BOOL")) {
      return "BOOLEAN";
    }
    if (name.equals("DATE")) {
      return "DATE";
    }
    if (name.equals("DATETIME") || name.equals("TIMESTAMP")) {
      return "TIMESTAMP";
    }
    if (name.equals("TIME")) {
      return "TIME";
    }
    if (name.contains("DEC") || name.contains("NUM")) {
      return "DECIMAL";
    }
    if (name.equals("JSON") || name.equals("UUID")) {
      return "VARCHAR";
    }
    return "OTHER";
  }
}
