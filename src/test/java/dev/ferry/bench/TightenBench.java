package dev.ferry.bench;

import dev.ferry.Ferry;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.SchemaRequest;
import dev.ferry.api.TightenOptions;
import dev.ferry.api.TightenResult;
import dev.ferry.catalog.TableFilter;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The profile of {@code ferry schema --tighten} against one raw scan of the same tables
 * (docs/perf.md, "Tightening"). Builds a legacy pair of tables without declared constraints,
 * {@code customer} (N/10 rows) and {@code orders} (N rows), on PostgreSQL and MariaDB, then times,
 * best of R runs:
 *
 * <ol>
 *   <li>raw scan: {@code SELECT *} of both tables streamed through JDBC, every value fetched;
 *   <li>{@code ferry schema} without {@code --tighten} (the catalog and the files only);
 *   <li>{@code ferry schema --tighten aggressive}: the same plus the profile (8 NOT NULL, 3
 *       UNIQUE and 1 FOREIGN KEY candidates).
 * </ol>
 *
 * Run with {@code bench/tighten.sh [rows] [runs]}; it prints a Markdown table.
 */
public final class TightenBench {

  private TightenBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.println("| engine | method | best of " + runs + " (s) | vs raw scan |");
    System.out.println("|---|---|---|---|");
    measure("PostgreSQL", postgres(rows), runs);
    measure("MariaDB", mariaDb(rows), runs);
    System.exit(0);
  }

  private static void measure(String engine, TestDatabase db, int runs) throws Exception {
    double scan = best(runs, () -> scan(db));
    double plain = best(runs, () -> schema(db, false));
    double tighten = best(runs, () -> schema(db, true));
    System.out.println(row(engine, "raw scan (`SELECT *` of both tables, getObject)", scan,
        scan));
    System.out.println(row(engine, "`ferry schema` (catalog and files)", plain, scan));
    System.out.println(row(engine, "`ferry schema --tighten aggressive` (with the profile)",
        tighten, scan));
  }

  static TestDatabase postgres(int rows) {
    TestDatabase db = TestDatabases.freshPostgres();
    int customers = Math.max(1, rows / 10);
    exec(db, "CREATE TABLE customer (id int PRIMARY KEY, name varchar(40), email varchar(80),"
        + " code varchar(12))",
        "INSERT INTO customer SELECT g, 'name ' || g, 'c' || g || '@example.com', 'C' || g"
        + " FROM generate_series(1, " + customers + ") g",
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int, order_no varchar(20),"
        + " note varchar(40), amount numeric(12,2), created timestamp(6))",
        "INSERT INTO orders SELECT g, g % " + customers + " + 1, 'N' || g, CASE WHEN g % 2 = 0"
        + " THEN NULL ELSE 'note' END, (g % 100000) / 100.0, timestamp '2024-01-01' + g *"
        + " interval '1 second' FROM generate_series(1, " + rows + ") g",
        "VACUUM ANALYZE customer", "VACUUM ANALYZE orders");
    return db;
  }

  static TestDatabase mariaDb(int rows) {
    TestDatabase db = TestDatabases.freshMariaDb();
    int customers = Math.max(1, rows / 10);
    exec(db, "CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(40), email VARCHAR(80),"
        + " code VARCHAR(12))",
        "INSERT INTO customer SELECT seq, CONCAT('name ', seq), CONCAT('c', seq, '@example.com'),"
        + " CONCAT('C', seq) FROM seq_1_to_" + customers,
        "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT, order_no VARCHAR(20),"
        + " note VARCHAR(40), amount DECIMAL(12,2), created DATETIME(6))",
        "INSERT INTO orders SELECT seq, seq % " + customers + " + 1, CONCAT('N', seq),"
        + " IF(seq % 2 = 0, NULL, 'note'), (seq % 100000) / 100.0, TIMESTAMP '2024-01-01"
        + " 00:00:00' + INTERVAL seq SECOND FROM seq_1_to_" + rows,
        "ANALYZE TABLE customer", "ANALYZE TABLE orders");
    return db;
  }

  private static long scan(TestDatabase db) throws Exception {
    long n = 0;
    try (Connection c = TestDatabases.connect(db)) {
      c.setAutoCommit(false);
      for (String table : List.of("customer", "orders")) {
        try (Statement s = c.createStatement()) {
          s.setFetchSize(10_000);
          try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              for (int i = 1; i <= columns; i++) {
                rs.getObject(i);
              }
              n++;
            }
          }
        }
      }
      c.rollback();
    }
    return n;
  }

  private static long schema(TestDatabase db, boolean tighten) throws Exception {
    Path out = Files.createTempDirectory("tighten-bench");
    SchemaRequest request = new SchemaRequest(new ConnectionSpec(null, db.url(), null, null),
        List.of(), TableFilter.all(), "postgres", out);
    if (!tighten) {
      return Ferry.schema(request).tables();
    }
    TightenResult result = Ferry.schema(request, new TightenOptions("aggressive",
        TightenOptions.DEFAULT_MIN_ROWS, List.of()));
    if (result.notNull() + result.unique() + result.foreignKeys() != 11) {
      throw new IllegalStateException("expected 11 constraints added: " + result);
    }
    return result.notNull();
  }

  interface Run {
    long run() throws Exception;
  }

  private static double best(int runs, Run run) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      run.run();
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return best;
  }

  private static String row(String engine, String method, double seconds, double scan) {
    return String.format(Locale.ROOT, "| %s | %s | %.2f | %.2fx |", engine, method, seconds,
        seconds / scan);
  }

  private static void exec(TestDatabase db, String... statements) {
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
