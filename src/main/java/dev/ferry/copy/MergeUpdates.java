package dev.ferry.copy;

import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A merge's updates: batched {@code UPDATE … WHERE key = ?}, one statement per set of columns. */
final class MergeUpdates {

  private MergeUpdates() {}

  /**
   * @param from the table as UPDATE names it
   * @param keyColumns the key's target columns, quoted
   */
  static void write(Connection c, List<MergeRows.Update> updates, TablePlan table,
      Dialect dialect, String from, List<String> keyColumns) throws SQLException {
    int[] keys = table.keyPositions();
    Map<String, List<MergeRows.Update>> bySet = new LinkedHashMap<>();
    for (MergeRows.Update u : updates) {
      bySet.computeIfAbsent(Arrays.toString(u.columns()), k -> new ArrayList<>()).add(u);
    }
    for (List<MergeRows.Update> same : bySet.values()) {
      int[] columns = same.get(0).columns();
      try (PreparedStatement ps = c.prepareStatement(sql(columns, table, dialect, from,
          keyColumns))) {
        for (MergeRows.Update u : same) {
          int p = 1;
          for (int i : columns) {
            JdbcValues.bind(ps, p++, u.row()[i], table.columns().get(i).kind(), dialect);
          }
          for (int k : keys) {
            JdbcValues.bind(ps, p++, u.row()[k], table.columns().get(k).kind(), dialect);
          }
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  private static String sql(int[] columns, TablePlan table, Dialect dialect, String from,
      List<String> keyColumns) {
    List<String> sets = new ArrayList<>();
    for (int i : columns) {
      CopyColumn column = table.columns().get(i);
      sets.add(dialect.quote(column.targetName()) + " = "
          + dialect.placeholder(column.targetType()));
    }
    return "UPDATE " + from + " SET " + String.join(", ", sets) + " WHERE "
        + keyColumns.stream().map(k -> k + " = ?").collect(Collectors.joining(" AND "));
  }
}
