package dev.ferry.copy;

import static dev.ferry.copy.FilesCopyIT.sha;
import static dev.ferry.copy.FilesCopyIT.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ferry verify} with a {@code files:} entry (docs/files.md): it passes after a copy, and
 * fails naming the row and the path when a target file is truncated, swapped or deleted, or
 * when a file no row references sits under {@code sha256/}; a row whose file the source lacks is
 * named but is no difference; a hostile path or a link in the target store is not followed.
 */
class FilesVerifyIT {

  @TempDir Path dir;

  private int runs;

  @Test
  void aContentAddressedCopyIsProvenAndEachTargetFileThatChangedIsNamedWithItsRow()
      throws Exception {
    // given: a copy into a PostgreSQL table a non-superuser owns, one row's file missing
    Path from = Files.createDirectories(dir.resolve("uploads"));
    write(from.resolve("a/report.pdf"), "report");
    write(from.resolve("b/notes.txt"), "notes");
    write(from.resolve("c/slides.pdf"), "slides");
    Path to = Files.createDirectories(dir.resolve("store"));
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, FilesCopyIT.DDL, "INSERT INTO attachment VALUES"
        + " (1, 'a/report.pdf', NULL, 6), (2, 'b/notes.txt', NULL, NULL),"
        + " (3, 'c/slides.pdf', '" + sha("slides") + "', NULL), (4, 'd/none.txt', NULL, NULL),"
        + " (5, NULL, NULL, NULL)");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, FilesCopyIT.DDL);
    String owner = ForeignKeySetAsideIT.ownerOf(target);
    Path config = Files.writeString(dir.resolve("ferry.yaml"), "tables:\n  attachment:\n"
        + "    files:\n      column: path\n      sha256: checksum\n      size: bytes\n"
        + "      from: uploads\n      to: store\n      template: sha256\n");
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", owner, "--config",
        config.toString(), "--report", dir.resolve("r").toString());
    assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(3);
    Path report = stored("report", "pdf");
    Path notes = stored("notes", "txt");
    Path slides = stored("slides", "pdf");

    // when, then: as the copy left it, the proof holds; the missing file is named, not failed
    JsonNode passed = verify(source, owner, config, 0);
    assertThat(passed.path("notes").toString()).contains("row [\\\"4\\\"]: its file"
        + " 'd/none.txt' is not copied (missing");
    assertThat(rule(passed, "files").path("checked").asInt()).isEqualTo(3);

    // a truncated file
    Files.writeString(report, "rep");
    assertThat(failures(verify(source, owner, config, 3), "files")).singleElement().asString()
        .contains("row [\"1\"]").contains("'" + to.relativize(report) + "' has 3 bytes")
        .contains("the source's 'a/report.pdf' has 6 bytes");
    assertThat(Files.readString(dir.resolve("v" + (runs - 1) + "/report.html")))
        .contains("has 3 bytes");
    Files.writeString(report, "report");

    // two files swapped
    Files.writeString(notes, "slides");
    Files.writeString(slides, "notes");
    assertThat(failures(verify(source, owner, config, 3), "files")).hasSize(2)
        .anySatisfy(f -> assertThat(f).contains("row [\"2\"]").contains("SHA-256 "
            + sha("slides") + "; the source's 'b/notes.txt'"))
        .anySatisfy(f -> assertThat(f).contains("row [\"3\"]").contains("'c/slides.pdf'"));
    Files.writeString(notes, "notes");
    Files.writeString(slides, "slides");

    // a deleted file
    Files.delete(slides);
    assertThat(failures(verify(source, owner, config, 3), "files")).singleElement().asString()
        .contains("row [\"3\"]: the target store has no file at '" + to.relativize(slides));
    Files.writeString(slides, "slides");

    // an orphan under sha256/
    Path orphan = write(to.resolve("sha256/00/00/" + "0".repeat(64) + ".bin"), "stray");
    JsonNode orphaned = verify(source, owner, config, 3);
    assertThat(failures(orphaned, "files")).isEmpty();
    assertThat(failures(orphaned, "file-orphans")).singleElement().asString()
        .contains("'" + to.relativize(orphan) + "'").contains("no row of public.attachment");
    Files.delete(orphan);
    verify(source, owner, config, 0);
  }

  @Test
  void aHostilePathIsNamedNotFollowedAndALinkInTheTargetStoreFailsEvenToTheSameBytes()
      throws Exception {
    // given: a copy from SQLite into H2 keeping paths; one row climbs out of the store
    Path from = Files.createDirectories(dir.resolve("uploads"));
    write(from.resolve("a.txt"), "a");
    write(from.resolve("x/b.txt"), "b");
    write(dir.resolve("secret.txt"), "secret");
    Path to = Files.createDirectories(dir.resolve("store"));
    TestDatabase source = TestDatabases.freshSqlite();
    Sql.exec(source, FilesCopyIT.DDL, "INSERT INTO attachment VALUES (1, 'a.txt', NULL, NULL),"
        + " (2, './x//b.txt', NULL, NULL), (3, '../secret.txt', NULL, NULL)");
    TestDatabase target = TestDatabases.freshH2();
    Sql.exec(target, FilesCopyIT.DDL);
    Path config = Files.writeString(dir.resolve("ferry.yaml"), "tables:\n  attachment:\n"
        + "    files:\n      column: path\n      from: uploads\n      to: store\n");
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--config",
        config.toString(), "--report", dir.resolve("r").toString());
    assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(3);

    // when, then: the normalised reference is the copy's; the climbing one is named
    JsonNode passed = verify(source, target.url(), config, 0);
    assertThat(passed.path("notes").toString()).contains("'../secret.txt' is not copied"
        + " (refused: the path climbs out of the store");

    // a link to the same bytes outside the store is not followed
    Path outside = write(dir.resolve("elsewhere/a.txt"), "a");
    Files.delete(to.resolve("a.txt"));
    Files.createSymbolicLink(to.resolve("a.txt"), outside);
    assertThat(failures(verify(source, target.url(), config, 3), "files")).singleElement()
        .asString().contains("row [\"1\"]").contains("symbolic link");
    Files.delete(to.resolve("a.txt"));
    write(to.resolve("a.txt"), "a");

    // under keep, a file no row references is listed, not failed: the store is the app's
    write(to.resolve("stray.txt"), "stray");
    JsonNode listed = verify(source, target.url(), config, 0);
    assertThat(listed.path("notes").toString()).contains("1 files in " + to.toRealPath()
        + " no row of ").contains("stray.txt");
  }

  private Path stored(String text, String extension) throws Exception {
    String sha = sha(text);
    return dir.resolve("store/sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/"
        + sha + "." + extension);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"keep", "sha256"})
  void underSkipRowTheRowsWhoseFileDidNotArriveAreLeftOutOnBothSidesAndOneAddedLaterFails(
      String template) throws Exception {
    // given: a skip-row copy into PostgreSQL as a non-superuser owner; row 2's file is not the
    // size the row expects, row 4's is missing, row 6's path climbs out: the copy drops them
    Path from = Files.createDirectories(dir.resolve("uploads"));
    write(from.resolve("a/report.pdf"), "report");
    write(from.resolve("b/notes.txt"), "notes");
    write(from.resolve("c/slides.pdf"), "slides");
    Files.createDirectories(dir.resolve("store"));
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, FilesCopyIT.DDL, "INSERT INTO attachment VALUES"
        + " (1, 'a/report.pdf', NULL, 6), (2, 'b/notes.txt', NULL, 99),"
        + " (3, 'c/slides.pdf', '" + sha("slides") + "', NULL), (4, 'd/none.txt', NULL, NULL),"
        + " (5, NULL, NULL, NULL), (6, '../../etc/passwd', NULL, NULL)");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, FilesCopyIT.DDL);
    String owner = ForeignKeySetAsideIT.ownerOf(target);
    Path config = Files.writeString(dir.resolve("ferry.yaml"), "tables:\n  attachment:\n"
        + "    files:\n      column: path\n      sha256: checksum\n      size: bytes\n"
        + "      from: uploads\n      to: store\n      template: " + template + "\n"
        + "      on-mismatch: skip-row\n");
    Cli.Run copy = Cli.run("copy", "--from", source.url(), "--to", owner, "--config",
        config.toString(), "--report", dir.resolve("r").toString());
    assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(3);
    assertThat(Sql.rows(target, "SELECT id FROM attachment ORDER BY id"))
        .containsExactly("1", "3", "5");

    // when, then: the proof holds as the copy left it, each dropped row named
    JsonNode passed = verify(source, owner, config, 0);
    assertThat(passed.path("notes").toString())
        .contains("row [\\\"2\\\"]: its file 'b/notes.txt' is not copied (mismatch")
        .contains("row [\\\"4\\\"]: its file 'd/none.txt' is not copied (missing")
        .contains("a copy leaves the row out (on-mismatch: skip-row)");
    assertThat(rule(passed, "files").path("checked").asInt()).isEqualTo(2);

    // a dropped row written into the target afterwards is a difference
    Sql.exec(target, "INSERT INTO attachment VALUES (4, 'd/none.txt', NULL, NULL)");
    JsonNode failed = verify(source, owner, config, 3);
    assertThat(failed.toString()).contains("rows");
    assertThat(Sql.rows(target, "SELECT count(*) FROM attachment")).containsExactly("4");
  }

  private JsonNode verify(TestDatabase source, String target, Path config, int exit)
      throws Exception {
    Path out = dir.resolve("v" + runs++);
    Cli.Run run = Cli.run("verify", "--from", source.url(), "--to", target, "--config",
        config.toString(), "--out", out.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(exit);
    return Json.mapper().readTree(out.resolve("verification.json").toFile());
  }

  private static JsonNode rule(JsonNode report, String name) {
    for (JsonNode r : report.path("rules")) {
      if (r.path("rule").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no rule " + name + " in " + report.path("rules"));
  }

  private static List<String> failures(JsonNode report, String name) {
    List<String> messages = new ArrayList<>();
    rule(report, name).path("failures").forEach(f -> messages.add(f.path("message").asText()));
    return messages;
  }
}
