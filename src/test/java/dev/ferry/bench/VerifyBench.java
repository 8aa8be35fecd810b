package dev.ferry.bench;

import dev.ferry.Ferry;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.Endpoint;
import dev.ferry.api.VerificationReport;
import dev.ferry.api.VerifyRequest;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.jdbc.Sources;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Verification against a plain scan of the same tables (docs/perf.md, "Verification"). Builds two
 * identical tables of N rows (PostgreSQL and MariaDB each), then times, best of R runs:
 *
 * <ol>
 *   <li>plain scan: {@code SELECT * FROM t} streamed through JDBC, every value fetched with
 *       {@code getObject}, source and target at once (two threads), as verifying reads both;
 *   <li>ferry read: the same through ferry's reader (values converted to canonical Java types);
 *   <li>verify, streaming: {@code ferry verify --streaming} (read, encode, hash, compare), each
 *       table whole ({@code --split-rows 0});
 *   <li>verify, streaming, as key ranges: the same with {@code --split-rows S} (third argument,
 *       default 1,000,000) and the default {@code --parallel}; the row says how many ranges;
 *   <li>verify, in the database (PostgreSQL only): the servers hash, ferry reads 65,537 rows.
 * </ol>
 *
 * Run with {@code bench/verify.sh [rows] [runs] [split rows]}; it prints a Markdown table.
 */
public final class VerifyBench {

  static final String PG_TABLE = "CREATE TABLE t (id bigint PRIMARY KEY, customer int NOT NULL,"
      + " amount numeric(12, 2), ratio double precision, label varchar(40), created timestamp(6),"
      + " flag boolean)";
  static final String MARIA_TABLE = PG_TABLE.replace("double precision", "DOUBLE")
      .replace("timestamp(6)", "DATETIME(6)");

  /** {@code --split-rows} of the ranged verification. */
  private static long splitRows;
  /** The key ranges the last verification hashed its table as (0: whole). */
  private static int lastRanges;

  private VerifyBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    splitRows = args.length > 2 ? Long.parseLong(args[2]) : CopyOptions.DEFAULT_SPLIT_ROWS;
    List<String> lines = new Printing();
    lines.add("| engine | method | best of " + runs + " (s) | rows/s (both sides) | vs plain scan |");
    lines.add("|---|---|---|---|---|");

    TestDatabase pgSource = postgres(rows);
    TestDatabase pgTarget = postgres(rows);
    measure("PostgreSQL", pgSource, pgTarget, rows, runs, true, lines);

    TestDatabase mariaSource = mariaDb(rows);
    TestDatabase mariaTarget = mariaDb(rows);
    measure("MariaDB", mariaSource, mariaTarget, rows, runs, false, lines);

    measureCross(mariaSource, pgTarget, rows, runs, lines);
    System.exit(0);
  }

  /** Prints each line as it is added, so a result is never lost. */
  private static final class Printing extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean add(String line) {
      System.out.println(line);
      System.out.flush();
      return super.add(line);
    }
  }

  static TestDatabase postgres(int rows) {
    TestDatabase db = TestDatabases.freshPostgres();
    exec(db, PG_TABLE, "INSERT INTO t SELECT g, g % 1000, (g % 100000) / 100.0, g::float8 / 7,"
        + " 'label ' || g, timestamp '2024-01-01' + g * interval '1 second', g % 2 = 0"
        + " FROM generate_series(1, " + rows + ") g", "VACUUM ANALYZE t");
    return db;
  }

  static TestDatabase mariaDb(int rows) {
    TestDatabase db = TestDatabases.freshMariaDb();
    exec(db, MARIA_TABLE, "INSERT INTO t SELECT seq, seq % 1000, (seq % 100000) / 100.0,"
        + " seq / 7e0, CONCAT('label ', seq), TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND,"
        + " seq % 2 = 0 FROM seq_1_to_" + rows, "ANALYZE TABLE t");
    return db;
  }

  private static void measure(String engine, TestDatabase source, TestDatabase target, int rows,
      int runs, boolean inDatabase, List<String> lines) throws Exception {
    double scan = best(runs, () -> parallel(() -> plainScan(source), () -> plainScan(target)));
    double read = best(runs, () -> parallel(() -> ferryRead(source), () -> ferryRead(target)));
    double streaming = best(runs, () -> verify(source, target, true, 0));
    double ranged = best(runs, () -> verify(source, target, true, splitRows));
    lines.add(row(engine, "plain scan (`SELECT *`, getObject)", scan, rows, scan));
    lines.add(row(engine, "ferry read (canonical values, no hashing)", read, rows, scan));
    lines.add(row(engine, "verify --streaming, whole table", streaming, rows, scan));
    lines.add(row(engine, "verify --streaming, " + (lastRanges == 0 ? "whole (below"
        + " --split-rows " + splitRows + ")" : lastRanges + " key ranges (--split-rows "
        + splitRows + ", --parallel " + CopyOptions.DEFAULT_PARALLEL + ")"), ranged, rows, scan));
    if (inDatabase) {
      double inside = best(runs, () -> verify(source, target, false, 0));
      lines.add(row(engine, "verify (hashed in the database)", inside, rows, scan));
    }
  }

  private static void measureCross(TestDatabase maria, TestDatabase postgres, int rows, int runs,
      List<String> lines) throws Exception {
    double scan = best(runs, () -> parallel(() -> plainScan(maria), () -> plainScan(postgres)));
    double mixed = best(runs, () -> verify(maria, postgres, false, 0));
    lines.add(row("MariaDB → PostgreSQL", "plain scan of both", scan, rows, scan));
    lines.add(row("MariaDB → PostgreSQL", "verify (MariaDB streamed, PostgreSQL in the database)",
        mixed, rows, scan));
  }

  private static String row(String engine, String method, double seconds, int rows,
      double scan) {
    return String.format(Locale.ROOT, "| %s | %s | %.2f | %,d | %.2f× |", engine, method,
        seconds, Math.round(2L * rows / seconds), seconds / scan);
  }

  interface Run {
    void run() throws Exception;
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

  private static void parallel(Callable<Long> a, Callable<Long> b) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Long> fa = pool.submit(a);
      Future<Long> fb = pool.submit(b);
      fa.get();
      fb.get();
    } finally {
      pool.shutdown();
    }
  }

  static long plainScan(TestDatabase db) throws Exception {
    long n = 0;
    try (Connection c = TestDatabases.connect(db)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(10_000);
        try (ResultSet rs = s.executeQuery("SELECT * FROM t")) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              rs.getObject(i);
            }
            n++;
          }
        }
      }
      c.rollback();
    }
    return n;
  }

  static long ferryRead(TestDatabase db) {
    long n = 0;
    Endpoint endpoint = new Endpoint.Database(new ConnectionSpec(null, db.url(), null, null));
    try (SourceReader reader = Sources.open(endpoint, List.of(), TableFilter.all())) {
      Table table = reader.catalog().tables().get(0);
      List<CopyColumn> columns = new ArrayList<>();
      for (Column col : table.columns()) {
        columns.add(new CopyColumn(col.name(), col.name(), ValueKind.of(col), col.nullable()));
      }
      TablePlan plan = new TablePlan(table.name(), table.name(), columns, List.of(), Set.of(),
          false, List.of());
      try (ChunkCursor cursor = reader.read(plan, null, 10_000)) {
        for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
          n += chunk.size();
        }
      }
    }
    return n;
  }

  static void verify(TestDatabase source, TestDatabase target, boolean streaming, long split) {
    VerificationReport report = Ferry.verify(VerifyRequest.builder(
        new Endpoint.Database(new ConnectionSpec(null, source.url(), null, null)),
        new Endpoint.Database(new ConnectionSpec(null, target.url(), null, null)))
        .streaming(streaming).splitRows(split).build());
    lastRanges = report.timing().tables().values().stream()
        .mapToInt(t -> t.ranges() == null ? 0 : t.ranges()).max().orElse(0);
    if (!report.passed()) {
      throw new IllegalStateException("the benchmark's tables differ: " + report.rules());
    }
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
