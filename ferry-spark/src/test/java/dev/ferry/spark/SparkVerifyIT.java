package dev.ferry.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.cli.Main;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} with a large table's key ranges digested as Spark tasks on {@code local[2]}:
 * the report equals the one {@code ferry verify} writes on the same data, when the sides are
 * equal and when a row differs (located the same way), for PostgreSQL and MariaDB sources.
 */
class SparkVerifyIT {

  private static final int ORDERS = 40_000;
  private static JavaSparkContext spark;

  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("ferry-it")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
  }

  @AfterAll
  static void stopSpark() {
    spark.close();
  }

  private String[] verify(TestDatabase source, String target, String out) {
    return new String[] {"verify", "--from", source.url(), "--to", target, "--split-rows",
        "10000", "--out", dir.resolve(out).toString()};
  }

  /** verification.json without its timing (the runner's own) and where it was written. */
  private String report(String out) throws Exception {
    ObjectNode report = (ObjectNode) Json.mapper().readTree(
        dir.resolve(out).resolve("verification.json").toFile());
    report.remove("timing");
    return report.toPrettyString();
  }

  private void sameReportsOnSparkAndLocally(TestDatabase source, String target, int exit)
      throws Exception {
    // when
    int onSpark = FerrySpark.run(spark, verify(source, target, "spark"));
    int local = Main.run(verify(source, target, "local"), null);

    // then
    assertThat(onSpark).isEqualTo(exit);
    assertThat(local).isEqualTo(exit);
    assertThat(report("spark")).isEqualTo(report("local"));
  }

  @Test
  void equalPostgresSidesPassOnSparkWithTheLocalReport() throws Exception {
    TestDatabase source = Db.postgresSource(ORDERS);
    TestDatabase target = TestDatabases.freshPostgres();
    Db.schema(target);
    String owner = Db.owner(target);
    assertThat(Main.run(new String[] {"copy", "--from", source.url(), "--to", owner, "--report",
        dir.resolve("copy").toString()}, null)).isZero();
    Db.exec(target, "ANALYZE");

    sameReportsOnSparkAndLocally(source, owner, 0);
    assertThat(report("spark")).contains("\"passed\" : true");
    // orders was cut into key ranges (so into several tasks on Spark)
    assertThat(Json.mapper().readTree(dir.resolve("local").resolve("verification.json")
        .toFile()).path("timing").path("tables").findValues("ranges").stream()
        .mapToInt(n -> n.asInt()).max().orElse(0)).isGreaterThan(1);
  }

  @Test
  void aChangedRowIsLocatedOnSparkAsLocally() throws Exception {
    TestDatabase source = Db.mariaDbSource(ORDERS);
    TestDatabase target = TestDatabases.freshPostgres();
    Db.schema(target);
    String owner = Db.owner(target);
    assertThat(Main.run(new String[] {"copy", "--from", source.url(), "--to", owner, "--report",
        dir.resolve("copy").toString()}, null)).isZero();
    Db.exec(target, "UPDATE orders SET note = 'changed' WHERE id = 60003");

    sameReportsOnSparkAndLocally(source, owner, 3);
    assertThat(report("spark")).contains("60003", "note");
  }
}
