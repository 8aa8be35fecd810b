package dev.ferry.verify;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs SQL on a test database. */
final class Db {

  private Db() {}

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

  /** Runs a script of statements separated by a semicolon at a line end. */
  static void script(TestDatabase db, String script) {
    exec(db, script.split(";\\s*\n"));
  }
}
