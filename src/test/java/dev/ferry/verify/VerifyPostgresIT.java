package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.VerificationReport;
import dev.ferry.json.Json;
import dev.ferry.testing.Cli;
import dev.ferry.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PostgreSQL to PostgreSQL: a clean copy verifies, and every injected fault is located. */
class VerifyPostgresIT {

  @TempDir Path dir;

  private TestDatabase copied(TestDatabase source) {
    TestDatabase target = Shop.empty("postgres");
    Cli.Result copy = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--report",
        dir.resolve("copy").toString());
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    return target;
  }

  @Test
  void cleanCopyPassesHashedInTheDatabaseAndStreamedAlike() throws Exception {
    // given
    TestDatabase source = Shop.filled("postgres");
    TestDatabase target = copied(source);

    // when
    Cli.Result inside = Cli.run("verify", "--from", source.url(), "--to", target.url(),
        "--in-database", "--out", dir.resolve("inside").toString());
    Cli.Result again = Cli.run("verify", "--from", source.url(), "--to", target.url(),
        "--in-database", "--out", dir.resolve("again").toString());
    Cli.Result streamed = Cli.run("verify", "--from", source.url(), "--to", target.url(),
        "--out", dir.resolve("streamed").toString());

    // then
    assertThat(inside.exitCode()).as(inside.toString()).isZero();
    assertThat(streamed.exitCode()).as(streamed.toString()).isZero();
    assertThat(inside.out()).contains("PASSED: 6 of 6 rules passed");
    VerificationReport report = Shop.read(dir.resolve("inside"));
    assertThat(report.passed()).isTrue();
    assertThat(report.tables()).extracting(VerificationReport.TableResult::method)
        .containsOnly("in-database");
    assertThat(Shop.read(dir.resolve("streamed")).tables())
        .extracting(VerificationReport.TableResult::method).containsOnly("streaming");
    assertThat(report.table("public.orders").orElseThrow().rows().target())
        .isEqualTo(Shop.ORDERS);
    assertThat(report.orphans()).singleElement().satisfies(o -> {
      assertThat(o.kind()).isEqualTo("foreign-key");
      assertThat(o.passed()).isTrue();
    });
    // the same checksums whichever way they were computed, and the same file twice
    assertThat(withoutTimingAndMethod(dir.resolve("streamed")))
        .isEqualTo(withoutTimingAndMethod(dir.resolve("inside")));
    assertThat(withoutTiming(dir.resolve("again"))).isEqualTo(withoutTiming(dir.resolve("inside")));
  }

  @ParameterizedTest
  @EnumSource(Shop.Fault.class)
  void eachFaultIsLocatedInTheDatabase(Shop.Fault fault) {
    located(fault, false);
  }

  @ParameterizedTest
  @EnumSource(value = Shop.Fault.class, names = {"CHANGED_CELL", "MISSING_ROW", "NULL_TO_EMPTY"})
  void eachFaultIsLocatedStreaming(Shop.Fault fault) {
    located(fault, true);
  }

  private void located(Shop.Fault fault, boolean streaming) {
    // given
    TestDatabase source = Shop.filled("postgres");
    TestDatabase target = copied(source);
    fault.inject(target);

    // when
    Cli.Result run = streaming
        ? Cli.run("verify", "--from", source.url(), "--to", target.url(), "--out",
            dir.toString())
        : Cli.run("verify", "--from", source.url(), "--to", target.url(), "--in-database",
            "--out", dir.toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.out()).contains("FAILED");
    VerificationReport report = Shop.read(dir);
    fault.assertLocated(report);
    report.tables().stream().filter(t -> t.differences() != null && t.rows().source() >= 100)
        .forEach(t ->
        assertThat(t.differences().rowsFetched()).as("rows read back, not whole tables")
            .isLessThan(t.rows().source() / 4));
  }

  private static String withoutTiming(Path dir) throws Exception {
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(
        Files.readString(dir.resolve("verification.json")));
    tree.remove("timing");
    return Json.pretty(tree);
  }

  private static String withoutTimingAndMethod(Path dir) throws Exception {
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(withoutTiming(dir));
    tree.withArray("tables").forEach(t -> ((ObjectNode) t).remove("method"));
    return Json.pretty(tree);
  }
}
