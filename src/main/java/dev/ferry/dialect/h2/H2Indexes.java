package dev.ferry.dialect.h2;

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
import java.util.Map;
import java.util.TreeMap;

/**
 * H2's secondary indexes from {@code INFORMATION_SCHEMA.INDEXES} and {@code INDEX_COLUMNS}: the
 * non-unique ones that no constraint generated (H2 has neither partial nor expression indexes,
 * so its unique indexes are unique keys of the catalog).
 */
final class H2Indexes {

  private H2Indexes() {}

  static Map<TableName, List<Index>> read(Connection c, Collection<Table> tables)
      throws SQLException {
    Map<TableName, List<Index>> result = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT i.INDEX_NAME, k.COLUMN_NAME,"
        + " k.ORDERING_SPECIFICATION, i.INDEX_TYPE_NAME FROM INFORMATION_SCHEMA.INDEXES i"
        + " JOIN INFORMATION_SCHEMA.INDEX_COLUMNS k ON k.INDEX_SCHEMA = i.INDEX_SCHEMA"
        + " AND k.INDEX_NAME = i.INDEX_NAME AND k.TABLE_NAME = i.TABLE_NAME"
        + " WHERE i.TABLE_SCHEMA = ? AND i.TABLE_NAME = ? AND NOT i.IS_GENERATED"
        + " AND i.INDEX_TYPE_NAME IN ('INDEX', 'SPATIAL INDEX')"
        + " ORDER BY i.INDEX_NAME, k.ORDINAL_POSITION")) {
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
            parts.computeIfAbsent(rs.getString(1), n -> new ArrayList<>()).add(
                Index.Part.of(rs.getString(2), "DESC".equals(rs.getString(3))));
            methods.putIfAbsent(rs.getString(1), rs.getString(4).startsWith("SPATIAL")
                ? "spatial" : null);
          }
        }
        List<Index> indexes = new ArrayList<>();
        parts.forEach((name, p) -> indexes.add(new Index(name, p, false, null,
            methods.get(name))));
        if (!indexes.isEmpty()) {
          result.put(t.name(), indexes);
        }
      }
    }
    return result;
  }
}
