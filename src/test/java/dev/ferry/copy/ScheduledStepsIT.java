package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy whose load steps a scheduler runs elsewhere (docs/spark.md), each step planned again by
 * its worker from the same arguments: the target equals the source, its checkpoints equal a
 * local run's, a step failing mid-range and run again neither loses nor doubles a row, and what
 * the scheduled load does not run yet, or a worker that sees another plan, is refused before
 * anything is written.
 */
class ScheduledStepsIT {

  @TempDir Path dir;

  private static String[] args(String from, String to, Path report, String... more) {
    List<String> args = new ArrayList<>(List.of("copy", "--from", from, "--to", to,
        "--split-rows", "10000", "--parallel", "3", "--batch-size", "1000",
        "--report", report.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static final String CHECKPOINTS = "SELECT unit, rows_written, rows_before, done,"
      + " source_rows, source_digest FROM ferry.checkpoint ORDER BY unit";

  @Test
  void scheduledStepsCopyAsTheLocalRunnerDoesIntoPostgresAsTheTablesOwner() throws Exception {
    // given: orders loads as 4 key ranges, line as 2, each range a step
    TestDatabase source = RangesIT.postgresSource(RangesIT.ORDERS);
    TestDatabase local = TestDatabases.freshPostgres();
    TestDatabase scheduled = TestDatabases.freshPostgres();
    RangesIT.schema(local, "BIGINT");
    RangesIT.schema(scheduled, "BIGINT");
    String localOwner = ForeignKeySetAsideIT.ownerOf(local);
    String owner = ForeignKeySetAsideIT.ownerOf(scheduled);
    Sql.exec(scheduled, "GRANT CREATE ON SCHEMA public TO " + RangesIT.role(owner));
    Sql.exec(local, "GRANT CREATE ON SCHEMA public TO " + RangesIT.role(localOwner));
    String[] args = args(source.url(), owner, dir.resolve("scheduled"));
    InProcessSteps steps = new InProcessSteps(args, 1);

    // when
    Cli.Run run = Cli.scheduled(steps, args);
    Cli.Run plain = Cli.run(args(source.url(), localOwner, dir.resolve("local")));

    // then: every step ran in a worker, once
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(plain.exitCode()).as(plain.toString()).isZero();
    assertThat(steps.tries).hasSize(7);
    assertThat(steps.tries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(Sql.rows(scheduled, CHECKPOINTS)).isEqualTo(Sql.rows(local, CHECKPOINTS))
        .hasSize(7).allSatisfy(row -> assertThat(row).contains("|1|"));
    assertThat(Canonical.rows(scheduled, "orders")).isEqualTo(Canonical.rows(source, "orders"));
    assertThat(Canonical.rows(scheduled, "line")).isEqualTo(Canonical.rows(source, "line"));
    // the indexes the driver dropped for the ranges came back once all were done
    assertThat(Sql.rows(scheduled, "SELECT indexname FROM pg_indexes WHERE tablename ="
        + " 'orders' ORDER BY 1")).containsExactly("orders_customer", "orders_pkey");
    assertThat(Sql.rows(scheduled, "SELECT count(*) FROM ferry.deferred_index"))
        .containsExactly("0");
    assertThat(Sql.rows(scheduled, "SELECT status FROM ferry.run")).containsExactly("done");
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", owner, "--out",
        dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  @Test
  void aStepFailingMidRangeRunsAgainFromItsCheckpointWithoutLossOrDuplicate() throws Exception {
    // given: the target refuses order 60,003 once (a sequence does not roll back), mid-range
    TestDatabase source = RangesIT.postgresSource(RangesIT.ORDERS);
    TestDatabase target = TestDatabases.freshPostgres();
    RangesIT.schema(target, "BIGINT");
    String owner = ForeignKeySetAsideIT.ownerOf(target);
    Sql.exec(target, "CREATE SEQUENCE fail_once",
        "CREATE FUNCTION fails_once(id BIGINT) RETURNS BOOLEAN LANGUAGE sql VOLATILE AS"
            + " $$ SELECT id <> 60003 OR nextval('fail_once') > 1 $$",
        "GRANT USAGE ON SEQUENCE fail_once TO " + RangesIT.role(owner),
        "ALTER TABLE orders ADD CONSTRAINT fails_once CHECK (fails_once(id))");
    String[] args = args(source.url(), owner, dir.resolve("retried"));
    InProcessSteps steps = new InProcessSteps(args, 2);

    // when
    Cli.Run run = Cli.scheduled(steps, args);

    // then: one step failed once, after committing chunks, and its second attempt continued
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(steps.failures).singleElement().asString().contains("fails_once");
    assertThat(steps.tries.values().stream().mapToInt(n -> n.get()).sum()).isEqualTo(8);
    assertThat(Canonical.rows(target, "orders")).isEqualTo(Canonical.rows(source, "orders"));
    assertThat(Sql.rows(target, "SELECT count(*), count(DISTINCT id) FROM orders"))
        .containsExactly(RangesIT.ORDERS + "|" + RangesIT.ORDERS);
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", owner, "--out",
        dir.resolve("verify").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
  }

  @Test
  void aMergeIsRefusedBeforeAnythingIsWritten() {
    // given
    TestDatabase source = RangesIT.postgresSource(1000);
    TestDatabase target = TestDatabases.freshPostgres();
    RangesIT.schema(target, "BIGINT");
    String[] args = args(source.url(), target.url(), dir.resolve("merge"), "--merge", "update");

    // when
    Cli.Run run = Cli.scheduled(new InProcessSteps(args, 1), args);

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("the Spark runner does not run a run with a merge mode");
    assertThat(Sql.rows(target, "SELECT count(*) FROM orders")).containsExactly("0");
  }

  @Test
  void aWorkerThatPlansOtherwiseIsRefusedAndWritesNothing() {
    // given: the workers read other arguments (one table left out: another plan)
    TestDatabase source = RangesIT.postgresSource(RangesIT.ORDERS);
    TestDatabase target = TestDatabases.freshPostgres();
    RangesIT.schema(target, "BIGINT");
    String[] args = args(source.url(), target.url(), dir.resolve("driver"));
    String[] other = args(source.url(), target.url(), dir.resolve("driver"), "--exclude",
        "line");

    // when
    Cli.Run run = Cli.scheduled(new InProcessSteps(other, 1), args);

    // then
    assertThat(run.exitCode()).as(run.toString()).isNotZero();
    assertThat(run.err()).contains("was planned with fingerprint", "Nothing was written");
    assertThat(Sql.rows(target, "SELECT count(*) FROM orders")).containsExactly("0");
    assertThat(Sql.rows(target, "SELECT count(*) FROM customer")).containsExactly("0");
  }
}
