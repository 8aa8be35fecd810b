package dev.ferry.copy;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers for test setup and assertions. */
final class Sql {

  private Sql() {}

  static void exec(TestDatabase db, String... statements) {
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every row of a query as text, one string per row ("a|b|c"), in query order. */
  static List<String> rows(TestDatabase db, String query) {
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          if (i > 1) {
            row.append('|');
          }
          byte[] bytes = meta.getColumnType(i) == java.sql.Types.BINARY
              || meta.getColumnType(i) == java.sql.Types.VARBINARY
              || meta.getColumnType(i) == java.sql.Types.LONGVARBINARY ? rs.getBytes(i) : null;
          row.append(bytes != null ? java.util.HexFormat.of().formatHex(bytes) : rs.getString(i));
        }
        rows.add(row.toString());
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long count(TestDatabase db, String table) {
    return Long.parseLong(rows(db, "SELECT COUNT(*) FROM " + table).get(0));
  }
}
