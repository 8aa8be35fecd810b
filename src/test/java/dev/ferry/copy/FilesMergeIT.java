package dev.ferry.copy;

import static dev.ferry.copy.FilesCopyIT.fates;
import static dev.ferry.copy.FilesCopyIT.filesIn;
import static dev.ferry.copy.FilesCopyIT.sha;
import static dev.ferry.copy.FilesCopyIT.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files under a merge (docs/files.md, "Under a merge"): the merge decides which rows the target
 * takes, and only their files are written. A row the merge keeps leaves no file behind, so no
 * orphan fails {@code verify}; the same source merged with {@code update} then brings the file.
 */
class FilesMergeIT {

  @TempDir Path dir;

  @Test
  void aRowTheMergeKeepsGetsNoFileAndTheUpdateThatTakesItDoes() throws Exception {
    // given: a living PostgreSQL target a non-superuser owns, whose row 1 points at its own
    // older file and row 2 at the file the source has too; the source brings a new row 3
    Path from = Files.createDirectories(dir.resolve("uploads"));
    write(from.resolve("a/one.txt"), "one, new");
    write(from.resolve("b/two.txt"), "two");
    write(from.resolve("c/three.txt"), "three");
    Path to = Files.createDirectories(dir.resolve("store"));
    write(to.resolve(stored("one, old")), "one, old");
    write(to.resolve(stored("two")), "two");
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, FilesCopyIT.DDL, "INSERT INTO attachment VALUES"
        + " (1, 'a/one.txt', NULL, NULL), (2, 'b/two.txt', NULL, NULL),"
        + " (3, 'c/three.txt', NULL, NULL)");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, FilesCopyIT.DDL, "INSERT INTO attachment VALUES"
        + " (1, '" + stored("one, old") + "', NULL, NULL),"
        + " (2, '" + stored("two") + "', NULL, NULL)");
    String owner = ForeignKeySetAsideIT.ownerOf(target);
    Path config = config("skip");

    // when: a dry run and the run under skip, then a verify
    Cli.Run dry = copy(source, owner, config, "dry", "--dry-run");
    Cli.Run skip = copy(source, owner, config, "skip");
    Cli.Run verify = Cli.run("verify", "--from", source.url(), "--to", owner, "--config",
        config.toString(), "--audit", dir.resolve("skip").toString(), "--out",
        dir.resolve("v").toString());

    // then: row 1 kept with its own file, the new version not written; row 3's file copied
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(skip.exitCode()).as(skip.toString()).isZero();
    assertThat(fates(dir.resolve("dry"))).containsExactly("1 skip", "2 skip", "3 copied");
    assertThat(fates(dir.resolve("skip"))).containsExactly("1 skip", "2 skip", "3 copied");
    assertThat(Files.readString(dir.resolve("skip/file-audit.jsonl")))
        .contains("the merge kept the target's row: its file is not copied");
    assertThat(filesIn(to)).containsExactlyInAnyOrder(stored("one, old"), stored("two"),
        stored("three"));
    assertThat(Sql.rows(target, "SELECT id, path FROM attachment ORDER BY id")).containsExactly(
        "1|" + stored("one, old"), "2|" + stored("two"), "3|" + stored("three"));
    JsonNode report = Json.mapper().readTree(dir.resolve("skip/run-report.json").toFile());
    assertThat(report.path("files").path("bytesCopied").asLong()).isEqualTo(5);
    // nothing the run wrote is unreferenced: no orphan under sha256/; the kept row is named
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.out()).contains("1 rows the merge kept as the target had them");

    // when: the same source merged with update
    Cli.Run update = copy(source, owner, config("update"), "update");

    // then: row 1 now points at the new file, which is there; the old one is an orphan
    assertThat(update.exitCode()).as(update.toString()).isZero();
    assertThat(fates(dir.resolve("update"))).containsExactly("1 copied", "2 skip", "3 skip");
    assertThat(Files.readString(to.resolve(stored("one, new")))).isEqualTo("one, new");
    assertThat(Sql.rows(target, "SELECT path FROM attachment WHERE id = 1"))
        .containsExactly(stored("one, new"));
  }

  private Path config(String mode) throws java.io.IOException {
    return Files.writeString(dir.resolve("ferry.yaml"), "tables:\n  attachment:\n    merge: "
        + mode + "\n    files:\n      column: path\n      from: uploads\n      to: store\n"
        + "      template: sha256\n");
  }

  private Cli.Run copy(TestDatabase source, String to, Path config, String report,
      String... more) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("copy", "--from",
        source.url(), "--to", to, "--config", config.toString(), "--report",
        dir.resolve(report).toString()));
    args.addAll(java.util.List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  /** Where the sha256 template puts a file of that text with the extension txt. */
  private static String stored(String text) throws Exception {
    String sha = sha(text);
    return "sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha + ".txt";
  }
}
