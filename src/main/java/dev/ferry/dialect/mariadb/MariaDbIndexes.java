package dev.ferry.dialect.mariadb;

import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Index;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * MariaDB's secondary indexes from {@code information_schema.STATISTICS}: the non-unique ones
 * (unique ones are unique keys of the catalog), with prefix lengths ({@code SUB_PART}), DESC and
 * FULLTEXT or SPATIAL. An index MariaDB made itself for a foreign key (named as the key, on its
 * columns) is left out: the target's engine makes its own, or needs none.
 */
final class MariaDbIndexes {

  private MariaDbIndexes() {}

  static Map<TableName, List<Index>> read(Connection c, Collection<Table> tables)
      throws SQLException {
    Map<TableName, List<Index>> result = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT INDEX_NAME, COLUMN_NAME, SUB_PART,"
        + " COLLATION, INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
        + " AND TABLE_NAME = ? AND NON_UNIQUE = 1 ORDER BY INDEX_NAME, SEQ_IN_INDEX")) {
      for (Table t : tables) {
        if (Table.VIEW.equals(t.kind())) {
          continue;
        }
        ps.setString(1, t.name().schema());
        ps.setString(2, t.name().name());
        Map<String, List<Index.Part>> parts = new LinkedHashMap<>();
        Map<String, String> methods = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int prefix = rs.getInt(3);
            Integer sub = rs.wasNull() ? null : prefix;
            String column = rs.getString(2);
            parts.computeIfAbsent(rs.getString(1), n -> new ArrayList<>()).add(new Index.Part(
                column, column == null ? "?" : null, "D".equals(rs.getString(4)), sub));
            String type = rs.getString(5).toLowerCase(Locale.ROOT);
            methods.putIfAbsent(rs.getString(1), type.equals("btree") || type.equals("hash")
                ? null : type);
          }
        }
        List<Index> indexes = new ArrayList<>();
        parts.forEach((name, p) -> {
          if (!madeForForeignKey(t, name, p)) {
            indexes.add(new Index(name, p, false, null, methods.get(name)));
          }
        });
        if (!indexes.isEmpty()) {
          result.put(t.name(), indexes);
        }
      }
    }
    return result;
  }

  private static boolean madeForForeignKey(Table t, String name, List<Index.Part> parts) {
    List<String> columns = parts.stream().map(Index.Part::column).toList();
    for (ForeignKey fk : t.foreignKeys()) {
      if (fk.name().equalsIgnoreCase(name) && fk.columns().equals(columns)
          && parts.stream().noneMatch(p -> p.descending() || p.prefix() != null)) {
        return true;
      }
    }
    return false;
  }
}
