package dev.ferry.spark;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Statements and queries on a test database, as its administrator. */
final class Db {

  private Db() {}

  static void exec(TestDatabase db, String... sql) {
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement()) {
      for (String one : sql) {
        s.execute(one);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every row of {@code sql}, its columns joined by {@code |}. */
  static List<String> rows(TestDatabase db, String sql) {
    List<String> rows = new ArrayList<>();
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /**
   * A login that owns the public tables and ferry's schema of a PostgreSQL database, and may
   * create in public (to re-create the indexes it drops for a load): how ferry runs in real
   * deployments. Returns its URL.
   */
  static String owner(TestDatabase db) {
    String password = "owner-Secret-5150";
    String role = TestDatabases.createPostgresLogin(db, password);
    exec(db, "DO $$ DECLARE t record; BEGIN FOR t IN SELECT tablename FROM pg_tables"
        + " WHERE schemaname = 'public' LOOP EXECUTE format('ALTER TABLE %I OWNER TO " + role
        + "', t.tablename); END LOOP; END $$", "CREATE SCHEMA ferry AUTHORIZATION " + role,
        "GRANT CREATE ON SCHEMA public TO " + role);
    return db.bareUrl() + "?user=" + role + "&password=" + password;
  }

  /** customer ← orders (sparse integer keys, a plain index) ← line. */
  static void schema(TestDatabase db) {
    exec(db, "CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)",
        "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL"
            + " REFERENCES customer (id), note VARCHAR(60))",
        "CREATE INDEX orders_customer ON orders (customer_id)",
        "CREATE TABLE line (id INT PRIMARY KEY, order_id BIGINT NOT NULL REFERENCES"
            + " orders (id), qty INT NOT NULL)");
  }

  static TestDatabase postgresSource(int orders) {
    TestDatabase source = TestDatabases.freshPostgres();
    schema(source);
    exec(source, "INSERT INTO customer SELECT g, 'c' || g FROM generate_series(1, 100) g",
        "INSERT INTO orders SELECT 3 * g, 1 + g % 100, 'order ' || g FROM generate_series(1, "
            + orders + ") g",
        "INSERT INTO line SELECT g, 3 * (1 + (g * 7919) % " + orders + "), g % 9"
            + " FROM generate_series(1, 20000) g",
        "ANALYZE");
    return source;
  }

  static TestDatabase mariaDbSource(int orders) {
    TestDatabase source = TestDatabases.freshMariaDb();
    schema(source);
    exec(source, "INSERT INTO customer SELECT seq, CONCAT('c', seq) FROM seq_1_to_100",
        "INSERT INTO orders SELECT 3 * seq, 1 + seq % 100, CONCAT('order ', seq) FROM seq_1_to_"
            + orders,
        "INSERT INTO line SELECT seq, 3 * (1 + (seq * 7919) % " + orders + "), seq % 9"
            + " FROM seq_1_to_20000",
        "ANALYZE TABLE customer, orders, line");
    return source;
  }
}
