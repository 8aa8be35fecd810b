package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files rows point to travel with the rows (docs/files.md): streamed, hashed and sized on
 * the way, renamed into place before the row's chunk commits, the reference rewritten; a
 * corrupted, truncated, missing, climbing or linked file is named with its row and not copied.
 */
class FilesCopyIT {

  static final String DDL = "CREATE TABLE attachment (id int PRIMARY KEY, path varchar(400),"
      + " checksum varchar(64), bytes bigint)";

  @TempDir Path dir;

  @Test
  void aTableOwnerGetsEachFileOnceContentAddressedAndEveryFileThatDidNotArriveIsNamed()
      throws Exception {
    // given: a source store with a good file, a corrupted one, a truncated one; a secret
    // outside it, reached by '..' and by a symbolic link
    Path from = Files.createDirectories(dir.resolve("uploads"));
    write(from.resolve("a/report.pdf"), "report");
    write(from.resolve("b/corrupt.txt"), "corrupted");
    write(from.resolve("c/truncated.bin"), "trunc");
    Path secret = write(dir.resolve("secret.txt"), "secret");
    Files.createDirectories(from.resolve("e"));
    Files.createSymbolicLink(from.resolve("e/link.txt"), secret);
    Path to = Files.createDirectories(dir.resolve("new-uploads"));
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, DDL, "INSERT INTO attachment VALUES"
        + " (1, 'a/report.pdf', '" + sha("report") + "', 6),"
        + " (2, './a//report.pdf', NULL, NULL),"
        + " (3, 'b/corrupt.txt', '" + sha("original") + "', 9),"
        + " (4, 'c/truncated.bin', NULL, 10),"
        + " (5, 'd/none.txt', NULL, NULL),"
        + " (6, '../secret.txt', NULL, NULL),"
        + " (7, 'e/link.txt', NULL, NULL),"
        + " (8, NULL, NULL, NULL)");
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, DDL);
    String owner = ForeignKeySetAsideIT.ownerOf(target);
    Path config = config("attachment", "column: path\n      sha256: checksum\n      size: bytes\n"
        + "      from: uploads\n      to: new-uploads\n      template: sha256\n");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", owner, "--config",
        config.toString(), "--batch-size", "3", "--report", dir.resolve("r").toString());

    // then: every row arrived; the two rows of one file share it under its hash
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    String stored = "sha256/" + sha("report").substring(0, 2) + "/"
        + sha("report").substring(2, 4) + "/" + sha("report") + ".pdf";
    assertThat(Sql.rows(target, "SELECT id, path FROM attachment ORDER BY id")).containsExactly(
        "1|" + stored, "2|" + stored, "3|b/corrupt.txt", "4|c/truncated.bin", "5|d/none.txt",
        "6|../secret.txt", "7|e/link.txt", "8|null");
    assertThat(filesIn(to)).containsExactly(stored);
    assertThat(Files.readString(to.resolve(stored))).isEqualTo("report");
    assertThat(fates(dir.resolve("r"))).containsExactly("1 copied", "2 skip", "3 mismatch",
        "4 mismatch", "5 missing", "6 refused", "7 refused");
    JsonNode report = Json.mapper().readTree(dir.resolve("r/run-report.json").toFile());
    assertThat(report.path("files").path("fates").toString()).isEqualTo("{\"conflict\":0,"
        + "\"copied\":1,\"mismatch\":2,\"missing\":1,\"refused\":2,\"skip\":1}");
    assertThat(report.path("files").path("bytesCopied").asLong()).isEqualTo(6);
    assertThat(report.path("problems").toString()).contains("5 files did not arrive");
    assertThat(Files.readString(dir.resolve("r/file-audit.jsonl")))
        .contains("the row's checksum says " + sha("original"))
        .contains("it has 5 bytes, the row's bytes says 10")
        .contains("climbs out of the store").contains("symbolic link");
  }

  @Test
  void aTarGzBackupUnderSkipRowLeavesOutTheRowsWhoseFileDidNotArriveAndARerunCopiesNothing()
      throws Exception {
    // given
    Path archive = dir.resolve("bucket.tar.gz");
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
      add(tar, "x/1.txt", "one");
      add(tar, "x/2.txt", "two");
    }
    Path to = Files.createDirectories(dir.resolve("store"));
    TestDatabase source = TestDatabases.freshSqlite();
    Sql.exec(source, DDL, "INSERT INTO attachment VALUES (1, 'x/1.txt', NULL, NULL),"
        + " (2, 'x/2.txt', NULL, 3), (3, 'x/3.txt', NULL, NULL)");
    Path config = config("attachment", "column: path\n      size: bytes\n"
        + "      from: bucket.tar.gz\n      to: store\n      on-mismatch: skip-row\n");
    List<TestDatabase> targets = List.of(TestDatabases.freshH2(), TestDatabases.freshH2());

    for (int i = 0; i < 2; i++) {
      // when
      Sql.exec(targets.get(i), DDL);
      Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", targets.get(i).url(),
          "--config", config.toString(), "--batch-size", "2", "--report",
          dir.resolve("r" + i).toString());

      // then
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(Sql.rows(targets.get(i), "SELECT id, path FROM attachment ORDER BY id"))
          .containsExactly("1|x/1.txt", "2|x/2.txt");
      assertThat(filesIn(to)).containsExactly("x/1.txt", "x/2.txt");
      assertThat(Files.readString(to.resolve("x/2.txt"))).isEqualTo("two");
    }
    assertThat(fates(dir.resolve("r0"))).containsExactly("1 copied", "2 copied", "3 missing");
    assertThat(fates(dir.resolve("r1"))).containsExactly("1 skip", "2 skip", "3 missing");
  }

  @Test
  void aChunkOfMoreFilesThanOneFlushKeepsRowOrderAndSharedFilesAndTheDryRunForetellsIt()
      throws Exception {
    // given: one chunk of 2,500 rows (files are committed every FileCopier.FLUSH_FILES rows);
    // every tenth row names the file of the row before it, every 700th a missing file
    Path from = Files.createDirectories(dir.resolve("uploads"));
    Path to = Files.createDirectories(dir.resolve("store"));
    List<String> values = new ArrayList<>();
    List<String> fates = new ArrayList<>();
    for (int id = 1; id <= 2500; id++) {
      String path = id % 700 == 0 ? "gone/" + id + ".txt" : "f/" + (id % 10 == 0 ? id - 1 : id)
          + ".txt";
      if (id % 700 != 0 && id % 10 != 0) {
        write(from.resolve(path), "file " + id);
      }
      values.add("(" + id + ", '" + path + "', NULL, NULL)");
      fates.add(id + (id % 700 == 0 ? " missing" : id % 10 == 0 ? " skip" : " copied"));
    }
    TestDatabase source = TestDatabases.freshSqlite();
    Sql.exec(source, DDL, "INSERT INTO attachment VALUES " + String.join(", ", values));
    TestDatabase target = TestDatabases.freshSqlite();
    Sql.exec(target, DDL);
    Path config = config("attachment", "column: path\n      from: uploads\n      to: store\n"
        + "      on-mismatch: skip-row\n");

    // when: a dry run, then the run
    Cli.Run dry = Cli.run("copy", "--dry-run", "--from", source.url(), "--to", target.url(),
        "--config", config.toString(), "--batch-size", "5000", "--report",
        dir.resolve("r0").toString());
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--config",
        config.toString(), "--batch-size", "5000", "--report", dir.resolve("r1").toString());

    // then: each file's fate in row order, the same in both, and the same exit (3: files did not
    // arrive); the rows of missing files left out
    assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(3);
    assertThat(dry.toString()).contains("files would not arrive");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(fates(dir.resolve("r0"))).isEqualTo(fates);
    assertThat(fates(dir.resolve("r1"))).isEqualTo(fates);
    assertThat(Sql.rows(target, "SELECT count(*), sum(id) FROM attachment"))
        .containsExactly("2497|" + (2500 * 2501 / 2 - 700 - 1400 - 2100));
    assertThat(Sql.rows(target, "SELECT path FROM attachment WHERE id IN (1999, 2000)"))
        .containsExactly("f/1999.txt", "f/1999.txt");
    assertThat(filesIn(to)).hasSize(2250).contains("f/2499.txt");
    assertThat(Files.readString(to.resolve("f/1999.txt"))).isEqualTo("file 1999");
  }

  @Test
  void aDryRunReportsEachFilesFateAndWritesNone() throws Exception {
    // given
    Path from = Files.createDirectories(dir.resolve("uploads"));
    write(from.resolve("a.txt"), "a");
    Path to = Files.createDirectories(dir.resolve("store"));
    TestDatabase source = TestDatabases.freshSqlite();
    Sql.exec(source, DDL, "INSERT INTO attachment VALUES (1, 'a.txt', NULL, NULL),"
        + " (2, '/etc/passwd', NULL, NULL)");
    TestDatabase target = TestDatabases.freshSqlite();
    Sql.exec(target, DDL);
    Path config = config("attachment", "column: path\n      from: uploads\n      to: store\n");

    // when
    Cli.Run run = Cli.run("copy", "--dry-run", "--from", source.url(), "--to", target.url(),
        "--config", config.toString(), "--report", dir.resolve("r").toString());

    // then: the refused file ends it as it would end the run
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.toString()).contains("1 file would not arrive");
    assertThat(fates(dir.resolve("r"))).containsExactly("1 copied", "2 refused");
    assertThat(filesIn(to)).isEmpty();
    assertThat(to.resolve(".ferry-tmp")).doesNotExist();
    assertThat(Sql.rows(target, "SELECT count(*) FROM attachment")).containsExactly("0");
  }

  @Test
  void storesAndColumnsThatCannotServeAreRefusedWithTheirLineBeforeAnythingIsWritten()
      throws Exception {
    // given
    Files.createDirectories(dir.resolve("uploads"));
    write(dir.resolve("uploads/a.txt"), "a");
    TestDatabase source = TestDatabases.freshSqlite();
    Sql.exec(source, DDL, "INSERT INTO attachment VALUES (1, 'a.txt', NULL, NULL)");
    TestDatabase target = TestDatabases.freshSqlite();
    Sql.exec(target, DDL);
    Path config = config("attachment", "column: path\n      sha256: digest\n"
        + "      from: uploads\n      to: nowhere\n");

    // when
    Cli.Run run = Cli.run("copy", "--from", source.url(), "--to", target.url(), "--config",
        config.toString(), "--report", dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("(2 problems)").contains(config + ":3:"
        + " tables.attachment.files.sha256: attachment has no column 'digest'; its columns: id,"
        + " path, checksum, bytes").contains(config + ":7: tables.attachment.files.to: the"
        + " target store " + dir.resolve("nowhere") + " is not a directory");
    assertThat(Sql.rows(target, "SELECT count(*) FROM attachment")).containsExactly("0");
    assertThat(dir.resolve("nowhere")).doesNotExist();
  }

  private Path config(String table, String entry) throws IOException {
    return Files.writeString(dir.resolve("ferry.yaml"), "tables:\n  " + table + ":\n"
        + "    files:\n      " + entry);
  }

  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  static String sha(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The store's files, temporaries included, relative and sorted. */
  static List<String> filesIn(Path store) throws IOException {
    try (Stream<Path> all = Files.walk(store)) {
      return all.filter(Files::isRegularFile).map(p -> store.relativize(p).toString())
          .sorted().toList();
    }
  }

  /** The audit's lines as {@code key fate}, in order. */
  static List<String> fates(Path reportDir) throws IOException {
    List<String> fates = new ArrayList<>();
    for (String line : Files.readAllLines(reportDir.resolve("file-audit.jsonl"))) {
      JsonNode n = Json.mapper().readTree(line);
      fates.add(n.path("key").asText().replaceAll("[\\[\\]\"]", "") + " "
          + n.path("fate").asText());
    }
    return fates;
  }

  private static void add(TarArchiveOutputStream tar, String name, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
