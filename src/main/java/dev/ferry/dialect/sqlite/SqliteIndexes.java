package dev.ferry.dialect.sqlite;

import dev.ferry.catalog.Index;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLite's secondary indexes: {@code PRAGMA index_list} (those made by {@code CREATE INDEX},
 * not by a constraint) and {@code PRAGMA index_xinfo} (key parts, DESC, expressions), the
 * predicate of a partial index from its {@code CREATE INDEX} text in {@code sqlite_master}. A
 * unique index on plain columns without a predicate is a unique key of the catalog already.
 */
final class SqliteIndexes {

  /** The predicate after the column list's closing parenthesis. */
  private static final Pattern WHERE = Pattern.compile("\\)\\s*WHERE\\s+(.*?)\\s*;?\\s*$",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private SqliteIndexes() {}

  static Map<TableName, List<Index>> read(Connection c, Collection<Table> tables)
      throws SQLException {
    Map<TableName, List<Index>> result = new TreeMap<>();
    for (Table t : tables) {
      if (Table.VIEW.equals(t.kind())) {
        continue;
      }
      List<Object[]> listed = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "PRAGMA index_list(" + literal(t.name().name()) + ")")) {
        while (rs.next()) {
          if ("c".equals(rs.getString("origin"))) {
            listed.add(new Object[] {rs.getString("name"), rs.getInt("unique") == 1,
                rs.getInt("partial") == 1});
          }
        }
      }
      List<Index> indexes = new ArrayList<>();
      for (Object[] row : new TreeMap<String, Object[]>(toMap(listed)).values()) {
        String name = (String) row[0];
        List<Index.Part> parts = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "PRAGMA index_xinfo(" + literal(name) + ")")) {
          while (rs.next()) {
            if (rs.getInt("key") == 1) {
              String column = rs.getInt("cid") == -2 ? null : rs.getString("name");
              parts.add(new Index.Part(column, column == null ? "?" : null,
                  rs.getInt("desc") == 1, null));
            }
          }
        }
        String predicate = (boolean) row[2] ? predicate(c, name) : null;
        Index index = new Index(name, parts, (boolean) row[1], predicate, null);
        if (!(index.unique() && predicate == null && index.plainColumns())) {
          indexes.add(index);
        }
      }
      if (!indexes.isEmpty()) {
        result.put(t.name(), indexes);
      }
    }
    return result;
  }

  private static Map<String, Object[]> toMap(List<Object[]> rows) {
    Map<String, Object[]> map = new TreeMap<>();
    rows.forEach(r -> map.put((String) r[0], r));
    return map;
  }

  private static String predicate(Connection c, String index) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?")) {
      ps.setString(1, index);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getString(1) != null) {
          Matcher m = WHERE.matcher(rs.getString(1));
          return m.find() ? m.group(1) : "?";
        }
      }
    }
    return "?";
  }

  private static String literal(String name) {
    return "'" + name.replace("'", "''") + "'";
  }
}
