package dev.ferry.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ferry.cli.Main;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark driver killed (SIGKILL, its executors with it: local mode) while key ranges of a
 * table are part-done: the same copy with {@code --resume}, on Spark again, continues every range
 * after its own checkpoint, re-creates the indexes the killed driver dropped, and the target
 * verifies with no row lost or doubled.
 */
class SparkKillIT {

  private static final int ORDERS = 150_000;
  private static final long CHILD_TIMEOUT_MS = 240_000;

  @TempDir Path dir;

  private String[] copy(String from, String to, String... more) {
    List<String> args = new ArrayList<>(List.of("copy", "--from", from, "--to", to,
        "--split-rows", "20000", "--batch-size", "500", "--report",
        dir.resolve("r" + System.nanoTime()).toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** Ranges of orders with rows committed and not done; 0 once any range is done. */
  private static int partDone(Connection c) {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT"
        + " SUM(CASE WHEN rows_written > 0 AND done = 0 THEN 1 ELSE 0 END), SUM(done)"
        + " FROM ferry.checkpoint WHERE unit LIKE '%orders#%'")) {
      rs.next();
      return rs.getLong(2) > 0 ? 0 : rs.getInt(1);
    } catch (SQLException notYet) {
      return 0;
    }
  }

  @Test
  void aKilledDriverIsResumedOnSparkWithoutLossOrDuplicate() throws Exception {
    // given: a driver of its own (local[2]) killed once two ranges of orders are part-done
    TestDatabase source = Db.postgresSource(ORDERS);
    TestDatabase target = TestDatabases.freshPostgres();
    Db.schema(target);
    String owner = Db.owner(target);
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx512m"));
    command.addAll(ProcessHandle.current().info().arguments().map(Arrays::asList)
        .orElse(List.of()).stream().filter(a -> a.startsWith("--add-opens")
            || a.startsWith("-Djdk.reflect")).toList());
    command.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
        "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
        "-cp", System.getProperty("java.class.path"), FerrySpark.class.getName()));
    command.addAll(List.of(copy(source.url(), owner)));
    Process child = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("killed.out").toFile())
        .redirectError(dir.resolve("killed.err").toFile()).start();
    long deadline = System.currentTimeMillis() + CHILD_TIMEOUT_MS;
    try (Connection watch = TestDatabases.connect(target)) {
      while (partDone(watch) < 2) {
        if (!child.isAlive() || System.currentTimeMillis() > deadline) {
          child.destroyForcibly();
          fail("the copy ended or stalled before the moment to kill it\n"
              + Files.readString(dir.resolve("killed.err")));
        }
        Thread.sleep(2);
      }
    }
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(137);
    assertThat(Db.rows(target, "SELECT count(*) FROM ferry.deferred_index")).isNotEqualTo(
        List.of("0"));

    // when: the same copy, resumed on Spark
    int code;
    try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster("local[2]")
        .setAppName("ferry-kill-it").set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"))) {
      code = FerrySpark.run(spark, copy(source.url(), owner, "--resume"));
    }

    // then
    assertThat(code).isZero();
    assertThat(Db.rows(target, "SELECT count(*), count(DISTINCT id) FROM orders"))
        .containsExactly(ORDERS + "|" + ORDERS);
    assertThat(Db.rows(target, "SELECT indexname FROM pg_indexes WHERE tablename = 'orders'"
        + " ORDER BY 1")).containsExactly("orders_customer", "orders_pkey");
    assertThat(Db.rows(target, "SELECT count(*) FROM ferry.deferred_index"))
        .containsExactly("0");
    assertThat(Main.run(new String[] {"verify", "--from", source.url(), "--to", owner,
        "--out", dir.resolve("verify").toString()}, null)).isZero();
  }
}
