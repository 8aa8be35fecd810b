package dev.ferry.dialect;

import dev.ferry.catalog.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Small JDBC helpers shared by the dialects' metadata queries. */
public final class SqlQueries {

  private SqlQueries() {}

  /** Reads one row into a value. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Runs a query with string parameters and maps every row. */
  public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, String... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
      }
      return rows;
    }
  }

  /** The first column of the first row, or null when there is no row. */
  public static String scalar(Connection c, String sql, String... params) throws SQLException {
    List<String> rows = list(c, sql, rs -> rs.getString(1), params);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** The distinct schemas of the given tables, sorted; nulls left out. */
  public static Set<String> schemasOf(Collection<TableName> tables) {
    Set<String> schemas = new TreeSet<>();
    tables.forEach(t -> {
      if (t.schema() != null) {
        schemas.add(t.schema());
      }
    });
    return schemas;
  }

  /** Adds a value to the list kept under a key, creating the list on first use. */
  public static <K, V> void append(Map<K, List<V>> map, K key, V value) {
    map.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
  }

  /** {@code ?, ?, ?}: one placeholder per value, for an IN list. */
  public static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(Math.max(count, 1), "?"));
  }

  /** A new insertion-ordered map; the catalog reader sorts everything it keeps. */
  public static <K, V> Map<K, V> newMap() {
    return new LinkedHashMap<>();
  }

  /**
   * The quoted strings of a declared type such as {@code enum('a','b''c')} (MariaDB's
   * COLUMN_TYPE of an ENUM or SET), unquoted, in order; read from the first parenthesis on.
   */
  public static List<String> quotedList(String declared) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder label = null;
    for (int i = Math.max(declared.indexOf('('), 0); i < declared.length(); i++) {
      char ch = declared.charAt(i);
      if (label == null) {
        label = ch == '\'' ? new StringBuilder() : null;
      } else if (ch == '\'' && i + 1 < declared.length() && declared.charAt(i + 1) == '\'') {
        label.append('\'');
        i++;
      } else if (ch == '\'') {
        out.add(label.toString());
        label = null;
      } else {
        label.append(ch);
      }
    }
    return out;
  }
}
