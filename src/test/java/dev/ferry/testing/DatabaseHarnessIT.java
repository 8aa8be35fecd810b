package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DatabaseHarnessIT {

  @Test
  void eachCallGetsItsOwnEmptyPostgresDatabase() throws Exception {
    TestDatabase a = TestDatabases.freshPostgres();
    TestDatabase b = TestDatabases.freshPostgres();
    assertThat(a.name()).isNotEqualTo(b.name());
    try (Connection c = TestDatabases.connect(a); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int primary key)");
    }
    try (Connection c = TestDatabases.connect(b); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void mariaDbServerAnswers() throws Exception {
    TestDatabase db = TestDatabases.freshMariaDb();
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DATABASE(), VERSION()")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(db.name());
      assertThat(rs.getString(2)).containsIgnoringCase("mariadb");
    }
  }
}
