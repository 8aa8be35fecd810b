package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy under {@code --keys remap} loads a large table as key ranges into PostgreSQL (docs/copy.md,
 * Load; docs/merge.md, "The id map"): each range takes its keys from the sequence and keeps its
 * pairs on a lane of the id map's spill, the table referencing it is rewritten through all of
 * them, verify passes through the map, a rerun writes nothing, and the run rolls back.
 */
class RangedRemapIT {

  @TempDir Path dir;

  @Test
  void aRemappedTableLoadsAsKeyRangesVerifiesRerunsQuietlyAndRollsBack() throws Exception {
    // given: customer ← orders (40,000, sparse keys) ← line, every target key from a sequence
    TestDatabase source = RangesIT.postgresSource(RangesIT.ORDERS);
    TestDatabase target = remappedTarget();
    String owner = ForeignKeySetAsideIT.ownerOf(target);
    Sql.exec(target, "GRANT CREATE ON SCHEMA public TO " + RangesIT.role(owner));

    // when
    Cli.Run run = copy(source.url(), owner, "first");

    // then: orders and line as key ranges, every key new, every reference rewritten
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(notes("first")).contains("public.orders loads as 4 key ranges",
        "public.line loads as 2 key ranges");
    assertThat(Sql.rows(target, "SELECT unit FROM ferry.checkpoint WHERE done = 1 ORDER BY unit"))
        .contains("public.orders#1/4", "public.orders#4/4", "public.line#2/2");
    assertThat(Sql.rows(target, "SELECT count(*), min(id) >= 1000000 FROM orders"))
        .containsExactly("40000|t");
    // each line's order, read through the map, is the source's order of that line
    assertThat(linesThroughMap(target)).hasSize(20_000).isEqualTo(lines(source));
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", owner, "--out",
        dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();

    // and: a rerun finds every row mapped and writes none
    Cli.Run rerun = copy(source.url(), owner, "rerun");
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM"
        + " line), (SELECT count(*) FROM ferry.id_map_int)")).containsExactly("40000|20000|60100");

    // and: rolling the first run back is refused while the rerun, which journaled the same
    // tables (every range matched to its table), is not; after it, the tables are as they were
    Cli.Run refused = Cli.run("rollback", "--to", owner, "--run", runId("first"));
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("public.orders#1/4").contains("roll it back first");
    Cli.Run later = Cli.run("rollback", "--to", owner, "--run", runId("rerun"));
    assertThat(later.exitCode()).as(later.toString()).isZero();
    Cli.Run rollback = Cli.run("rollback", "--to", owner, "--run", runId("first"));
    assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT (SELECT count(*) FROM customer), (SELECT count(*) FROM"
        + " orders), (SELECT count(*) FROM line), (SELECT count(*) FROM ferry.id_map_int)"))
        .containsExactly("0|0|0|0");
  }

  @Test
  void aRemappedRangedLoadKilledWithRangesPartDoneResumesWithoutALostOrDoubledRow()
      throws Exception {
    // given: 150,000 orders, remapped as key ranges, killed once two ranges are part-done
    TestDatabase source = RangesIT.postgresSource(150_000);
    TestDatabase target = remappedTarget();
    String owner = ForeignKeySetAsideIT.ownerOf(target);
    Sql.exec(target, "GRANT CREATE ON SCHEMA public TO " + RangesIT.role(owner));
    String jvm = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(jvm, "-Xmx256m", "-jar", Path.of("target", "ferry.jar")
        .toAbsolutePath().toString(), "copy", "--from", source.url(), "--to", owner, "--keys",
        "remap", "--split-rows", "20000", "--parallel", "3", "--batch-size", "500", "--report",
        dir.resolve("killed").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("killed.out").toFile()).start();
    long deadline = System.currentTimeMillis() + 180_000;
    while (partDone(target) < 2) {
      if (!child.isAlive() || System.currentTimeMillis() > deadline) {
        child.destroyForcibly();
        throw new AssertionError("the copy ended or stalled before the moment to kill it\n"
            + Files.readString(dir.resolve("killed.out")));
      }
      Thread.sleep(2);
    }
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

    // when: resumed, its audit in the same report directory
    Cli.Run resumed = Cli.run("copy", "--from", source.url(), "--to", owner, "--keys", "remap",
        "--split-rows", "20000", "--parallel", "3", "--batch-size", "2000", "--resume",
        "--report", dir.resolve("killed").toString());

    // then: every source row once, under one new key, its references rewritten; verify passes
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(Sql.rows(target, "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM"
        + " line), (SELECT count(*) FROM ferry.id_map_int WHERE table_name = 'public.orders'),"
        + " (SELECT count(DISTINCT source_key) FROM ferry.id_map_int WHERE table_name ="
        + " 'public.orders'), (SELECT min(id) >= 1000000 FROM orders)"))
        .containsExactly("150000|20000|150000|150000|t");
    assertThat(linesThroughMap(target)).isEqualTo(lines(source));
    // the audit: one line per source row, whatever the kill cut
    assertThat(Files.readAllLines(dir.resolve("killed").resolve("merge-audit.jsonl")))
        .hasSize(100 + 150_000 + 20_000);
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", owner, "--out",
        dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  /** RangesIT's tables, every key from a sequence starting at 1,000,000. */
  static TestDatabase remappedTarget() {
    TestDatabase target = TestDatabases.freshPostgres();
    RangesIT.schema(target, "BIGINT");
    for (String t : List.of("customer", "orders", "line")) {
      Sql.exec(target, "CREATE SEQUENCE " + t + "_seq START 1000000 OWNED BY " + t + ".id",
          "ALTER TABLE " + t + " ALTER COLUMN id SET DEFAULT nextval('" + t + "_seq')");
    }
    return target;
  }

  /** Each source line's key, its order's key and note. */
  private static List<String> lines(TestDatabase source) {
    return Sql.rows(source, "SELECT l.id, o.id, o.note FROM line l"
        + " JOIN orders o ON o.id = l.order_id ORDER BY l.id");
  }

  /** The same of the target's lines, their keys and their orders' read back through the map. */
  private static List<String> linesThroughMap(TestDatabase target) {
    return Sql.rows(target, "SELECT ml.source_key, mo.source_key, o.note"
        + " FROM line l JOIN orders o ON o.id = l.order_id"
        + " JOIN ferry.id_map_int ml ON ml.table_name = 'public.line' AND ml.target_key = l.id"
        + " JOIN ferry.id_map_int mo ON mo.table_name = 'public.orders' AND mo.target_key = o.id"
        + " ORDER BY ml.source_key");
  }

  /** Ranges of orders with rows committed and not done; 0 once any range is done. */
  private static int partDone(TestDatabase target) {
    try {
      List<String> r = Sql.rows(target, "SELECT SUM(CASE WHEN rows_written > 0 AND done = 0"
          + " THEN 1 ELSE 0 END), SUM(done) FROM ferry.checkpoint WHERE unit LIKE '%orders#%'");
      String[] v = r.get(0).split("\\|");
      return "null".equals(v[0]) || !"0".equals(v[1]) ? 0 : Integer.parseInt(v[0]);
    } catch (RuntimeException notYet) {
      return 0;
    }
  }

  private Cli.Run copy(String from, String to, String report) {
    List<String> args = new ArrayList<>(List.of("copy", "--from", from, "--to", to,
        "--keys", "remap", "--split-rows", "10000", "--parallel", "3", "--batch-size", "1000",
        "--report", dir.resolve(report).toString()));
    return Cli.run(args.toArray(String[]::new));
  }

  private String notes(String report) throws Exception {
    return Json.compact(Json.mapper().readTree(dir.resolve(report).resolve("run-report.json")
        .toFile()).path("notes"));
  }

  private String runId(String report) throws Exception {
    return Json.mapper().readTree(Files.readString(dir.resolve(report)
        .resolve("run-report.json"))).path("runId").asText();
  }
}
