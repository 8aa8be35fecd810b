package dev.ferry.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.Main;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ferry's copy with its steps run as Spark tasks on {@code local[2]}, against the real
 * PostgreSQL and MariaDB of the test suite: the target equals the source, its checkpoints and
 * fingerprint equal those a local run leaves, and a task failing mid-range is retried by Spark
 * without a row lost or doubled.
 */
class SparkCopyIT {

  private static final int ORDERS = 40_000;
  private static JavaSparkContext spark;

  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    // two task threads, each task tried twice; loopback only, no web UI
    spark = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("ferry-it")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
  }

  @AfterAll
  static void stopSpark() {
    spark.close();
  }

  private String[] copy(String from, String to, String report) {
    return new String[] {"copy", "--from", from, "--to", to, "--split-rows", "10000",
        "--batch-size", "1000", "--report", dir.resolve(report).toString()};
  }

  private static final String CHECKPOINTS = "SELECT unit, rows_written, rows_before, done,"
      + " source_rows, source_digest FROM ferry.checkpoint ORDER BY unit";

  private String fingerprint(String url, String name) throws Exception {
    Path out = dir.resolve(name + ".json");
    assertThat(Main.run(new String[] {"fingerprint", url, "--out", out.toString()}, null))
        .isZero();
    // the tables' counts, checksums and column digests: what is left is when and where
    return dev.ferry.json.Json.mapper().readTree(out.toFile()).path("tables").toPrettyString();
  }

  @Test
  void aCopyOnSparkEqualsTheSourceAndWhatTheLocalRunnerLeaves() throws Exception {
    // given
    TestDatabase source = Db.postgresSource(ORDERS);
    TestDatabase onSpark = TestDatabases.freshPostgres();
    TestDatabase local = TestDatabases.freshPostgres();
    Db.schema(onSpark);
    Db.schema(local);
    String sparkOwner = Db.owner(onSpark);
    String localOwner = Db.owner(local);

    // when: the same copy on Spark (parallelism 2) and by ferry itself with --parallel 2
    int code = FerrySpark.run(spark, copy(source.url(), sparkOwner, "spark"));
    List<String> plain = new ArrayList<>(List.of(copy(source.url(), localOwner, "local")));
    plain.addAll(List.of("--parallel", "2"));
    int localCode = Main.run(plain.toArray(String[]::new), null);

    // then: orders in 4 ranges, line in 2, each a task; the same checkpoints as ferry's own
    assertThat(code).isZero();
    assertThat(localCode).isZero();
    assertThat(Db.rows(onSpark, CHECKPOINTS)).isEqualTo(Db.rows(local, CHECKPOINTS))
        .hasSizeGreaterThan(3).allSatisfy(row -> assertThat(row).contains("|1|"));
    assertThat(Db.rows(onSpark, "SELECT count(*) FROM ferry.checkpoint WHERE unit LIKE"
        + " 'public.orders#%'")).containsExactly("4");
    assertThat(Db.rows(onSpark, "SELECT indexname FROM pg_indexes WHERE tablename = 'orders'"
        + " ORDER BY 1")).containsExactly("orders_customer", "orders_pkey");
    assertThat(Db.rows(onSpark, "SELECT status FROM ferry.run")).containsExactly("done");
    assertThat(fingerprint(sparkOwner, "spark-fp")).isEqualTo(fingerprint(localOwner, "local-fp"))
        .isEqualTo(fingerprint(source.url(), "source-fp"));
    assertThat(Main.run(new String[] {"verify", "--from", source.url(), "--to", sparkOwner,
        "--out", dir.resolve("verify").toString()}, null)).isZero();
  }

  @Test
  void aTaskFailingMidRangeIsRetriedBySparkWithoutLossOrDuplicate() throws Exception {
    // given: the target refuses order 30,003 once (a sequence does not roll back)
    TestDatabase source = Db.postgresSource(ORDERS);
    TestDatabase target = TestDatabases.freshPostgres();
    Db.schema(target);
    String owner = Db.owner(target);
    String role = owner.replaceFirst(".*[?&]user=([^&]+).*", "$1");
    Db.exec(target, "CREATE SEQUENCE fail_once",
        "CREATE FUNCTION fails_once(id BIGINT) RETURNS BOOLEAN LANGUAGE sql VOLATILE AS"
            + " $$ SELECT id <> 30003 OR nextval('fail_once') > 1 $$",
        "GRANT USAGE ON SEQUENCE fail_once TO " + role,
        "ALTER TABLE orders ADD CONSTRAINT fails_once CHECK (fails_once(id))");

    // when
    int code = FerrySpark.run(spark, copy(source.url(), owner, "retried"));

    // then: the failing attempt had committed chunks of its range; the retry continued them
    assertThat(code).isZero();
    assertThat(Db.rows(target, "SELECT last_value FROM fail_once")).containsExactly("2");
    assertThat(Db.rows(target, "SELECT count(*), count(DISTINCT id) FROM orders"))
        .containsExactly(ORDERS + "|" + ORDERS);
    assertThat(Main.run(new String[] {"verify", "--from", source.url(), "--to", owner,
        "--out", dir.resolve("verify").toString()}, null)).isZero();
  }

  @Test
  void aCopyFromMariaDbOnSparkVerifies() throws Exception {
    // given
    TestDatabase source = Db.mariaDbSource(ORDERS);
    TestDatabase target = TestDatabases.freshPostgres();
    Db.schema(target);
    String owner = Db.owner(target);

    // when
    int code = FerrySpark.run(spark, copy(source.url(), owner, "mariadb"));

    // then
    assertThat(code).isZero();
    assertThat(Db.rows(target, "SELECT count(*) FROM orders")).containsExactly("" + ORDERS);
    assertThat(Main.run(new String[] {"verify", "--from", source.url(), "--to", owner,
        "--out", dir.resolve("verify").toString()}, null)).isZero();
  }

  @Test
  void aMergeIsRefusedOnSparkBeforeAnythingIsWritten() {
    // given
    TestDatabase source = Db.postgresSource(1000);
    TestDatabase target = TestDatabases.freshPostgres();
    Db.schema(target);
    List<String> args = new ArrayList<>(List.of(copy(source.url(), target.url(), "merge")));
    args.addAll(List.of("--merge", "update"));

    // when
    int code = FerrySpark.run(spark, args.toArray(String[]::new));

    // then
    assertThat(code).isEqualTo(4);
    assertThat(Db.rows(target, "SELECT count(*) FROM customer")).containsExactly("0");
  }
}
