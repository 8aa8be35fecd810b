package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import proves the whole bundle against its manifest (every data file it will read: size,
 * SHA-256 and rows) before its first write, so a damaged file late in the load order leaves the
 * target as it was instead of half loaded.
 */
class ImportProofIT {

  @TempDir Path dir;

  private static final String SCHEMA = """
      CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL);
      CREATE TABLE book (id int PRIMARY KEY, author_id int NOT NULL REFERENCES author (id),
        title text NOT NULL);
      """;

  @Test
  void aBundleWithOneEditedDataFileIsRefusedBeforeTheFirstTableIsLoaded() throws Exception {
    // given: the file of the table loaded last has one character changed (same size)
    Path bundle = exported();
    Path book = dataFile(bundle, "book");
    String text = Files.readString(book);
    Files.writeString(book, text.replace("Title 7\"", "Title 8\""));
    TestDatabase target = emptyTarget();

    // when
    Cli.Run run = importInto(bundle, target);

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains(book.getFileName().toString(), "SHA-256");
    assertNothingWritten(target);
  }

  @Test
  void aDataFileWithARowRemovedAndAManifestToMatchItsBytesIsRefusedForItsRowCount()
      throws Exception {
    // given: the last row cut from book's file, the manifest's size and hash updated to match
    Path bundle = exported();
    Path book = dataFile(bundle, "book");
    List<String> lines = Files.readAllLines(book);
    Files.writeString(book, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n");
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(bundle.resolve("manifest.json").toFile());
    for (var entry : manifest.withArray("tables")) {
      if (entry.get("file").asText().equals(book.getFileName().toString())) {
        ((ObjectNode) entry).put("bytes", Files.size(book));
        ((ObjectNode) entry).put("sha256", HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(book))));
      }
    }
    json.writerWithDefaultPrettyPrinter().writeValue(bundle.resolve("manifest.json").toFile(),
        manifest);
    TestDatabase target = emptyTarget();

    // when
    Cli.Run run = importInto(bundle, target);

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains(book.getFileName().toString(), "rows");
    assertNothingWritten(target);
  }

  @Test
  void anExportResumedOverACompleteBundleLeavesItAsItIs() throws Exception {
    // given
    Path bundle = exported();
    java.util.Map<String, String> before = contents(bundle);

    // when
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, SCHEMA);
    Cli.Run resumed = Cli.run("export", "--from", source.url(), "--to", bundle.toString(),
        "--resume", "--report", dir.resolve("resume-report").toString());

    // then
    assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(4);
    assertThat(resumed.err()).contains("complete");
    assertThat(contents(bundle)).isEqualTo(before);
  }

  private static java.util.Map<String, String> contents(Path bundle) throws Exception {
    java.util.Map<String, String> files = new java.util.TreeMap<>();
    try (Stream<Path> list = Files.list(bundle)) {
      for (Path p : list.toList()) {
        files.put(p.getFileName().toString(), Files.readString(p));
      }
    }
    return files;
  }

  private Path exported() {
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, SCHEMA, """
        INSERT INTO author SELECT g, 'Author ' || g FROM generate_series(1, 20) g;
        INSERT INTO book SELECT g, 1 + g % 20, 'Title ' || g FROM generate_series(1, 50) g;
        """);
    Path bundle = dir.resolve("bundle");
    Cli.Run export = Cli.run("export", "--from", source.url(), "--to", bundle.toString(),
        "--report", dir.resolve("export-report").toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    return bundle;
  }

  private TestDatabase emptyTarget() {
    TestDatabase target = TestDatabases.freshPostgres();
    Sql.exec(target, SCHEMA);
    return target;
  }

  private Cli.Run importInto(Path bundle, TestDatabase target) {
    return Cli.run("import", "--from", bundle.toString(), "--to", target.url(), "--report",
        dir.resolve("import-report").toString());
  }

  private static void assertNothingWritten(TestDatabase target) {
    assertThat(Sql.count(target, "author")).isZero();
    assertThat(Sql.count(target, "book")).isZero();
    assertThat(Sql.rows(target, "SELECT count(*) FROM pg_namespace WHERE nspname = 'ferry'"))
        .containsExactly("0");
  }

  private static Path dataFile(Path bundle, String table) throws Exception {
    try (Stream<Path> files = Files.list(bundle)) {
      return files.filter(p -> p.getFileName().toString().endsWith("-public." + table + ".jsonl")
          || p.getFileName().toString().matches("\\d+-.*" + table + "\\.jsonl"))
          .findFirst().orElseThrow(() -> new AssertionError("no data file for " + table));
    }
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
