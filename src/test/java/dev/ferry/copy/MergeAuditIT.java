package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The per-row audit of a merge (docs/artifacts.md, {@code merge-audit.jsonl}): one line per
 * source row of a merged table, in load order then key order, the same bytes for a dry run and
 * the real run it previews.
 */
class MergeAuditIT {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"postgres,update", "postgres,skip", "mariadb,update", "sqlite,replace"})
  void everyMergedRowHasItsAuditLineAndADryRunWritesTheSameBytes(String engine, String mode)
      throws IOException {
    // given
    TestDatabase source = MergeIT.fresh(engine);
    TestDatabase target = MergeIT.fresh(engine);
    MergeIT.itemTables(engine, source, target);
    String to = engine.equals("postgres") ? ForeignKeySetAsideIT.ownerOf(target) : target.url();

    // when
    Cli.Run dry = copy(source.url(), to, "dry", "--merge", mode, "--dry-run");
    Cli.Run real = copy(source.url(), to, "real", "--merge", mode);
    Cli.Run again = copy(source.url(), to, "again", "--merge", mode);

    // then
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(real.exitCode()).as(real.toString()).isZero();
    String table = dev.ferry.json.Json.mapper().readTree(dir.resolve("real/run-report.json")
        .toFile()).path("tables").get(0).path("target").asText();
    String two = switch (mode) {
      case "skip" -> "\"fate\":\"skipped\",\"reason\":\"key collision\",\"status\":\"skip\","
          + "\"target\":\"FP\"";
      case "replace" -> "\"fate\":\"updated\",\"status\":\"ok\",\"columns\":[\"name\",\"price\","
          + "\"at\",\"data\"]";
      default -> "\"fate\":\"updated\",\"status\":\"ok\",\"columns\":[\"name\"]";
    };
    // a kept row's line carries the kept target row's fingerprint (32 hex digits)
    assertThat(Files.readAllLines(dir.resolve("real/merge-audit.jsonl")).stream()
        .map(l -> l.replaceAll("\"target\":\"[0-9a-f]{32}\"", "\"target\":\"FP\"")))
        .containsExactly(
        "{\"table\":\"" + table + "\",\"key\":\"1\",\"fate\":\"unchanged\",\"status\":\"ok\"}",
        "{\"table\":\"" + table + "\",\"key\":\"2\"," + two + "}",
        "{\"table\":\"" + table + "\",\"key\":\"3\",\"fate\":\"inserted\",\"status\":\"ok\"}",
        "{\"table\":\"" + table + "\",\"key\":\"4\",\"fate\":\"inserted\",\"status\":\"ok\"}",
        "{\"table\":\"" + table + "\",\"key\":\"5\",\"fate\":\"unchanged\",\"status\":\"ok\"}");
    // the target's row 9 is the one the source lacks
    assertThat(Files.readString(dir.resolve("real/run-report.json")))
        .contains("\"targetOnly\" : 1");
    assertThat(Files.readAllBytes(dir.resolve("dry/merge-audit.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("real/merge-audit.jsonl")));
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(Files.readString(dir.resolve("again/merge-audit.jsonl")))
        .doesNotContain("inserted", "updated");
    assertThat(Files.readString(dir.resolve("real/run-report.json")))
        .contains("\"mergeAudit\" : \"merge-audit.jsonl\"");
    assertThat(Files.readString(dir.resolve("real/report.html")))
        .contains("per-row audit", "merge-audit.jsonl");
  }

  private Cli.Run copy(String from, String to, String report, String... more) {
    List<String> args = new ArrayList<>(List.of("copy", "--from", from, "--to", to,
        "--report", dir.resolve(report).toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }
}
