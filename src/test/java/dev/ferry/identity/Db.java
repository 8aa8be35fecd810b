package dev.ferry.identity;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** JDBC helpers for the identity integration tests: setup on one session, rows as text. */
final class Db {

  private Db() {}

  /** Runs statements in order on one connection (so session settings carry over). */
  static void exec(TestDatabase db, String... statements) {
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement()) {
      for (String sql : statements) {
        if (!sql.isBlank()) {
          s.execute(sql);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a script of statements separated by semicolons at line ends. */
  static void script(TestDatabase db, String script) {
    exec(db, script.split(";\\s*\n"));
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
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(query, e);
    }
  }

  static long count(TestDatabase db, String table) {
    return Long.parseLong(rows(db, "SELECT COUNT(*) FROM " + table).get(0));
  }

  /** Tables whose name starts with ferry (MariaDB state tables) or the ferry schema (PostgreSQL). */
  static List<String> ferryState(TestDatabase db) {
    return rows(db, "SELECT table_schema, table_name FROM information_schema.tables"
        + " WHERE LOWER(table_name) LIKE 'ferry%' OR LOWER(table_schema) = 'ferry'");
  }
}
