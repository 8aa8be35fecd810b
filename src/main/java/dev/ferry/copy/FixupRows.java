package dev.ferry.copy;

import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A cycle fix-up's writes: the columns loaded as NULL first, set by key in batched UPDATEs. */
final class FixupRows {

  private FixupRows() {}

  /** The UPDATE of one row's fix-up columns by its key. */
  static String sql(TablePlan table, Dialect dialect) {
    List<String> sets = new ArrayList<>();
    for (String column : table.updateColumns()) {
      sets.add(dialect.quote(table.columns().get(table.indexOf(column)).targetName()) + " = ?");
    }
    String where = table.keyColumns().stream()
        .map(k -> dialect.quote(table.columns().get(table.indexOf(k)).targetName()) + " = ?")
        .collect(Collectors.joining(" AND "));
    return "UPDATE " + dialect.qualify(table.target()) + " SET " + String.join(", ", sets)
        + " WHERE " + where;
  }

  /** The chunk's rows a fix-up updates: those whose fix-up columns are not all NULL. */
  static List<Object[]> updated(TablePlan table, Chunk chunk) {
    int[] sets = table.updateColumns().stream().mapToInt(table::indexOf).toArray();
    List<Object[]> rows = new ArrayList<>(chunk.size());
    for (Object[] row : chunk.rows()) {
      boolean allNull = true;
      for (int i : sets) {
        allNull &= row[i] == null;
      }
      if (!allNull) {
        rows.add(row);
      }
    }
    return rows;
  }

  /** Updates the rows ({@link #updated}), in one batch. */
  static void update(Connection connection, String sql, TablePlan table, Dialect dialect,
      List<Object[]> rows) throws SQLException {
    int[] keys = table.keyPositions();
    int[] sets = table.updateColumns().stream().mapToInt(table::indexOf).toArray();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int batched = 0;
      for (Object[] row : rows) {
        int p = 1;
        for (int i : sets) {
          JdbcValues.bind(ps, p++, row[i], table.columns().get(i).kind(), dialect);
        }
        for (int i : keys) {
          JdbcValues.bind(ps, p++, row[i], table.columns().get(i).kind(), dialect);
        }
        ps.addBatch();
        batched++;
      }
      if (batched > 0) {
        ps.executeBatch();
      }
    }
  }
}
