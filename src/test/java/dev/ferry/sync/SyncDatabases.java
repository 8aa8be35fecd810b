package dev.ferry.sync;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Sources and targets of the sync tests, and a sync.yaml of jobs between them. */
final class SyncDatabases {

  static final String PASSWORD = "Sync-owner-7";
  static final String[] DDL = {
    "CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)",
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL,"
        + " note VARCHAR(50), FOREIGN KEY (customer_id) REFERENCES customer (id))"};

  private SyncDatabases() {}

  /** A source of the engine with two customers and two orders. */
  static TestDatabase source(String engine) {
    TestDatabase db = fresh(engine);
    exec(db, DDL);
    exec(db, "INSERT INTO customer (id, name) VALUES (1, 'ann'), (2, 'bob')",
        "INSERT INTO orders (id, customer_id, note) VALUES (1, 1, 'o1'), (2, 2, 'o2')");
    return db;
  }

  /**
   * A target of the engine with the tables (and those {@code more} creates) and one local
   * customer of its own; on PostgreSQL its tables and ferry's state schema owned by a login that
   * is no superuser.
   */
  static TestDatabase target(String engine, String... more) {
    TestDatabase db = fresh(engine);
    exec(db, DDL);
    exec(db, "INSERT INTO customer (id, name) VALUES (100, 'local')");
    exec(db, more);
    if (!engine.equals("postgres")) {
      return db;
    }
    String role = TestDatabases.createPostgresLogin(db, PASSWORD);
    for (String table : rows(db, "SELECT table_name FROM information_schema.tables"
        + " WHERE table_schema = 'public' ORDER BY 1")) {
      exec(db, "ALTER TABLE " + table + " OWNER TO " + role);
    }
    exec(db, "CREATE SCHEMA ferry AUTHORIZATION " + role);
    return new TestDatabase(db.engine(), db.bareUrl() + "?user=" + role, db.name());
  }

  static TestDatabase fresh(String engine) {
    return engine.equals("postgres") ? TestDatabases.freshPostgres()
        : TestDatabases.freshMariaDb();
  }

  /** A job's YAML: {@code name} from {@code source} into {@code target}, plus {@code more}. */
  static String job(String name, String sourceUrl, TestDatabase target, String more) {
    boolean login = target.url().contains("?user=") && target.engine().equals("postgres");
    return "  - name: " + name + "\n"
        + "    source: {url: '" + sourceUrl + "'}\n"
        + "    target:\n"
        + "      url: '" + target.url() + "'\n"
        + (login ? "      password-file: owner.pw\n" : "")
        + "    batch-size: 1\n"
        + more;
  }

  /** Writes sync.yaml (and the owner's password file) into {@code dir}. */
  static Path config(Path dir, String jobs) throws Exception {
    Files.writeString(dir.resolve("owner.pw"), PASSWORD + "\n");
    Path file = dir.resolve("sync.yaml");
    Files.writeString(file, "reports: runs\njobs:\n" + jobs);
    return file;
  }

  /** The target's cycles of a job, oldest first: status and rows by fate. */
  static List<String> cycles(TestDatabase target, String job) {
    String table = target.engine().equals("postgres") ? "ferry.sync_cycles" : "ferry_sync_cycles";
    return rows(target, "SELECT status, inserted, updated, unchanged, skipped, conflicts FROM "
        + table + " WHERE job = '" + job + "' ORDER BY started_at");
  }

  static void exec(TestDatabase db, String... statements) {
    try (Connection c = connect(db); Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> rows(TestDatabase db, String query) {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(db); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  private static Connection connect(TestDatabase db) throws SQLException {
    if (db.url().contains("?user=") && db.engine().equals("postgres")) {
      java.util.Properties p = new java.util.Properties();
      p.setProperty("password", PASSWORD);
      return java.sql.DriverManager.getConnection(db.url(), p);
    }
    return TestDatabases.connect(db);
  }
}
