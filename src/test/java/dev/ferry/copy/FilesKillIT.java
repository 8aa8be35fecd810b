package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A copy with files killed with SIGKILL once files have started to arrive, then resumed: no
 * temporary file is left, no file that was complete is copied again, and every row's reference
 * names a file with the source file's bytes. Under a skip merge too, whose chunks commit their
 * files once the merge decided: a row it keeps gets no file, before or after the kill.
 */
class FilesKillIT {

  private static final int ROWS = 240;
  private static final int FILE_BYTES = 192 * 1024;
  private static final long CHILD_TIMEOUT_MS = 120_000;

  @TempDir Path dir;

  @ParameterizedTest(name = "merge {0}")
  @ValueSource(strings = {"none", "skip"})
  void aKillMidFilesThenAResumeLeavesEveryRowAndItsFileInAgreementAndNoTemporary(String merge)
      throws Exception {
    // given: 240 rows, each pointing to a file of its own (192 KiB of seeded random bytes)
    Path from = Files.createDirectories(dir.resolve("uploads"));
    Path to = Files.createDirectories(dir.resolve("store"));
    Random random = new Random(15);
    Map<Integer, String> shaOf = new HashMap<>();
    StringBuilder insert = new StringBuilder("INSERT INTO attachment VALUES ");
    for (int id = 1; id <= ROWS; id++) {
      byte[] bytes = new byte[FILE_BYTES];
      random.nextBytes(bytes);
      String path = "course/" + (id % 7) + "/file-" + id + ".bin";
      Files.createDirectories(from.resolve(path).getParent());
      Files.write(from.resolve(path), bytes);
      shaOf.put(id, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(bytes)));
      insert.append(id == 1 ? "" : ", ").append("(").append(id).append(", '").append(path)
          .append("', NULL, ").append(FILE_BYTES).append(")");
    }
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, FilesCopyIT.DDL, insert.toString());
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, FilesCopyIT.DDL);
    // under skip, every tenth row is the target's own already, with another reference: kept
    boolean skip = merge.equals("skip");
    int kept = skip ? ROWS / 10 : 0;
    for (int id = 10; skip && id <= ROWS; id += 10) {
      Sql.exec(target, "INSERT INTO attachment VALUES (" + id + ", 'theirs/" + id + "', NULL,"
          + " NULL)");
    }
    String owner = ForeignKeySetAsideIT.ownerOf(target);
    Path config = Files.writeString(dir.resolve("ferry.yaml"), "tables:\n  attachment:\n"
        + (skip ? "    merge: skip\n" : "") + "    files:\n      column: path\n"
        + "      size: bytes\n      from: uploads\n      to: store\n      template: sha256\n");
    Path report = dir.resolve("r");

    // when: killed once a quarter of the files are in the store, not before
    Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx256m", "-jar", Path.of("target", "ferry.jar").toAbsolutePath().toString(), "copy",
        "--from", source.url(), "--to", owner, "--config", config.toString(), "--batch-size",
        "16", "--parallel", "1", "--report", report.toString())
        .redirectOutput(dir.resolve("kill.out").toFile())
        .redirectError(dir.resolve("kill.err").toFile()).start();
    long deadline = System.currentTimeMillis() + CHILD_TIMEOUT_MS;
    while (committed(to) < ROWS / 4) {
      if (!child.isAlive() || System.currentTimeMillis() > deadline) {
        child.destroyForcibly();
        fail("the copy ended or stalled before a quarter of its files arrived\n"
            + Files.readString(dir.resolve("kill.out")) + Files.readString(dir.resolve("kill.err")));
      }
      Thread.sleep(2);
    }
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(137);
    int arrivedBeforeResume = committed(to);
    // files renamed into the store for a chunk whose rows the kill kept from committing
    long waiting = arrivedBeforeResume - (Long.parseLong(Sql.rows(target,
        "SELECT count(*) FROM attachment").get(0)) - kept);
    Cli.Run resumed = Cli.run("copy", "--resume", "--from", source.url(), "--to", owner,
        "--config", config.toString(), "--batch-size", "16", "--report", report.toString());

    // then
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(arrivedBeforeResume).isLessThan(ROWS);
    List<String> stored = FilesCopyIT.filesIn(to);
    assertThat(stored).as("no temporary left, no orphan, no file of a kept row")
        .hasSize(ROWS - kept).allMatch(p -> p.startsWith("sha256/"));
    for (String row : Sql.rows(target, "SELECT id, path FROM attachment ORDER BY id")) {
      int id = Integer.parseInt(row.substring(0, row.indexOf('|')));
      String path = row.substring(row.indexOf('|') + 1);
      if (skip && id % 10 == 0) {
        assertThat(path).isEqualTo("theirs/" + id);
        continue;
      }
      assertThat(path).endsWith("/" + shaOf.get(id) + ".bin");
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(Files.readAllBytes(to.resolve(path))))).isEqualTo(shaOf.get(id));
    }
    Map<String, List<String>> fatesBySource = new HashMap<>();
    for (String line : Files.readAllLines(report.resolve("file-audit.jsonl"))) {
      JsonNode n = Json.mapper().readTree(line);
      fatesBySource.computeIfAbsent(n.path("source").asText(), k -> new ArrayList<>())
          .add(n.path("fate").asText());
    }
    assertThat(fatesBySource).hasSize(ROWS);
    fatesBySource.forEach((source1, fates) -> {
      assertThat(fates.stream().filter("copied"::equals)).as(source1).hasSizeLessThanOrEqualTo(1);
      assertThat(fates.get(fates.size() - 1)).as(source1).isIn("copied", "skip");
    });
    // a row the merge kept never had its file copied, before the kill or after
    fatesBySource.forEach((source1, fates) -> {
      if (skip && source1.matches(".*/file-\\d*0\\.bin")) {
        assertThat(fates).as(source1).containsOnly("skip");
      }
    });
    // the kill lands before or after its chunk's rows commit, as it happens: every file that
    // waited for its rows was found complete by the resume, not copied again
    assertThat(waiting).isNotNegative();
    assertThat(fatesBySource.values().stream().filter(f -> f.contains("skip")).count())
        .as("the files of the chunk the kill interrupted were found complete, not copied again")
        .isGreaterThanOrEqualTo(waiting + kept);
  }

  /** Files renamed into the store so far (temporaries not counted). */
  private static int committed(Path store) throws java.io.IOException {
    Path hashed = store.resolve("sha256");
    if (!Files.isDirectory(hashed)) {
      return 0;
    }
    try (var all = Files.walk(hashed)) {
      return (int) all.filter(Files::isRegularFile).count();
    } catch (java.io.UncheckedIOException e) {
      return 0; // a directory made while walking
    }
  }
}
