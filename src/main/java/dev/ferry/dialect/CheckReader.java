package dev.ferry.dialect;

import dev.ferry.catalog.Check;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads check constraints with one query per table that returns each constraint's name and
 * condition, in name order: the engines' catalogs differ only in the query and in the text
 * around the condition.
 */
public final class CheckReader {

  /** Binds the query's parameters for a table. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement ps, TableName table) throws SQLException;
  }

  private CheckReader() {}

  /**
   * @param sql returns (name, condition) for the table {@code binder} binds
   * @param condition the condition as the source's SQL without {@code CHECK}, or null to skip
   *     the constraint (one the engine made itself)
   */
  public static Map<TableName, List<Check>> read(Connection c, Collection<Table> tables,
      String sql, Binder binder, java.util.function.BiFunction<String, String, String> condition)
      throws SQLException {
    Map<TableName, List<Check>> result = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Table t : tables) {
        if (Table.VIEW.equals(t.kind())) {
          continue;
        }
        binder.bind(ps, t.name());
        List<Check> checks = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String text = condition.apply(rs.getString(1), rs.getString(2));
            if (text != null) {
              checks.add(new Check(rs.getString(1), text));
            }
          }
        }
        if (!checks.isEmpty()) {
          result.put(t.name(), checks);
        }
      }
    }
    return result;
  }

  /** The condition as written, unchanged. */
  public static final java.util.function.BiFunction<String, String, String> AS_IS = (n, t) -> t;
}
