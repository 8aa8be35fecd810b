package dev.ferry.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ferry.json.Json;
import dev.ferry.rows.TablePlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleVerifierTest {

  private static final TablePlan ALBUMS = BundleFixtures.plan("music.albums", 1, "id:INTEGER",
      "title:TEXT");
  private static final TablePlan TRACKS = BundleFixtures.plan("music.tracks", 1, "id:INTEGER",
      "title:TEXT");
  private static final String ALBUMS_FILE = "0001-music.albums.jsonl";
  private static final String TRACKS_FILE = "0002-music.tracks.jsonl";

  @TempDir
  Path dir;

  private void export() {
    Map<TablePlan, List<Object[]>> data = new LinkedHashMap<>();
    data.put(ALBUMS, List.<Object[]>of(new Object[] {1L, "Blue"}, new Object[] {2L, "Kind of"}));
    data.put(TRACKS, List.<Object[]>of(new Object[] {1L, "So What"}, new Object[] {2L, "Freddie"},
        new Object[] {3L, "Blue in Green"}));
    BundleFixtures.export(new BundleTarget(dir, false), BundleFixtures.header("run-1", ALBUMS, TRACKS), data,
        10);
  }

  private BundleVerifier.Result verify() {
    return BundleVerifier.verify(dir);
  }

  @Test
  void anIntactBundlePasses() {
    export();

    BundleVerifier.Result result = verify();

    assertThat(result.problems()).isEmpty();
    assertThat(result.passed()).isTrue();
    assertThat(result.tablesChecked()).isEqualTo(2);
    assertThat(result.rowsChecked()).isEqualTo(5);
  }

  @Test
  void aTruncatedFileIsReportedBySizeAndWhereItsRowsBreakOff() throws Exception {
    export();
    Path file = dir.resolve(TRACKS_FILE);
    long size = Files.size(file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));

    assertThat(verify().problems()).containsExactly(
        new BundleVerifier.Problem(BundleVerifier.SIZE, "music.tracks", TRACKS_FILE,
            "expected " + size + " bytes, found " + (size - 5)),
        new BundleVerifier.Problem(BundleVerifier.CONTENT, "music.tracks", TRACKS_FILE,
            verify().problems().get(1).message()));
    assertThat(verify().problems().get(1).message()).startsWith("line 3: not valid JSON");
  }

  @Test
  void aTruncatedGzipFileIsReportedBySizeAndContent() throws Exception {
    BundleFixtures.export(new BundleTarget(dir, true), BundleFixtures.header("run-1", TRACKS),
        Map.of(TRACKS, List.<Object[]>of(new Object[] {1L, "So What"})), 10);
    Path file = dir.resolve(TRACKS_FILE.replace("0002", "0001") + ".gz");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 8)); // the gzip trailer

    assertThat(verify().problems()).extracting(BundleVerifier.Problem::check)
        .containsExactly(BundleVerifier.SIZE, BundleVerifier.CONTENT);
    assertThat(verify().problems().get(1).message()).isEqualTo("line 2: the file ends early");
  }

  @Test
  void aFlippedByteIsReportedByItsSha256() throws Exception {
    export();
    Path file = dir.resolve(ALBUMS_FILE);
    byte[] bytes = Files.readAllBytes(file);
    bytes[4] ^= 0x20; // "Blue" becomes "blue": same size, still valid
    Files.write(file, bytes);

    List<BundleVerifier.Problem> problems = verify().problems();

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).check()).isEqualTo(BundleVerifier.SHA256);
    assertThat(problems.get(0).file()).isEqualTo(ALBUMS_FILE);
    assertThat(problems.get(0).message()).startsWith("expected SHA-256 ");
  }

  @Test
  void aMissingFileIsReported() throws Exception {
    export();
    Files.delete(dir.resolve(ALBUMS_FILE));

    assertThat(verify().problems()).containsExactly(new BundleVerifier.Problem(
        BundleVerifier.MISSING_FILE, "music.albums", ALBUMS_FILE,
        "declared with 2 rows but not in the bundle directory"));
  }

  @Test
  void aRowCountMismatchIsReported() {
    export();
    rewriteManifest(m -> withTables(m, List.of(m.tables().get(0), withRows(m.tables().get(1), 4))));

    assertThat(verify().problems()).containsExactly(new BundleVerifier.Problem(
        BundleVerifier.ROWS, "music.tracks", TRACKS_FILE, "expected 4 rows, found 3"));
  }

  @Test
  void aTableTheLoadOrderLoadsButTheManifestLacksIsReported() {
    export();
    rewriteManifest(m -> withTables(m, List.of(m.tables().get(1))));

    assertThat(verify().problems()).extracting(BundleVerifier.Problem::check,
            BundleVerifier.Problem::table)
        .containsExactly(tuple(BundleVerifier.MISSING_TABLE,
            "music.albums"));
  }

  @Test
  void anUnfinishedExportAndAMissingManifestAreReported() throws Exception {
    new BundleTarget(dir, false).beginRun(BundleFixtures.header("run-1", ALBUMS));

    assertThat(verify().problems()).extracting(BundleVerifier.Problem::check)
        .containsExactly(BundleVerifier.INCOMPLETE);

    Files.delete(dir.resolve("manifest.json"));
    assertThat(verify().problems()).extracting(BundleVerifier.Problem::check)
        .containsExactly(BundleVerifier.MANIFEST);
  }

  @Test
  void aValueThatDoesNotDecodeIsReportedWithItsLineAndColumn() throws Exception {
    export();
    Path file = dir.resolve(ALBUMS_FILE);
    Files.writeString(file, "[1,\"Blue\"]\n[\"two\",\"Kind of\"]\n");
    rewriteManifest(m -> withTables(m, List.of(restamp(m.tables().get(0), file),
        m.tables().get(1))));

    assertThat(verify().problems()).containsExactly(new BundleVerifier.Problem(
        BundleVerifier.CONTENT, "music.albums", ALBUMS_FILE,
        "line 2, column id (INTEGER): For input string: \"two\""));
  }

  private void rewriteManifest(UnaryOperator<Manifest> change) {
    Manifest m = new BundleSource(dir).manifest();
    Json.write(dir.resolve("manifest.json"), change.apply(m));
  }

  private static Manifest withTables(Manifest m, List<Manifest.TableFile> tables) {
    return new Manifest(m.formatVersion(), m.ferryVersion(), m.status(), m.runId(),
        m.planFingerprint(), m.source(), m.gzip(), m.transformations(), tables, m.loadOrder(),
        m.catalog());
  }

  private static Manifest.TableFile withRows(Manifest.TableFile t, long rows) {
    return new Manifest.TableFile(t.table(), t.file(), rows, t.bytes(), t.sha256(),
        t.keyColumns(), t.columns());
  }

  private static Manifest.TableFile restamp(Manifest.TableFile t, Path file) {
    try {
      DataFiles.Digest d = DataFiles.digest(file);
      return new Manifest.TableFile(t.table(), t.file(), t.rows(), d.bytes(), d.sha256(),
          t.keyColumns(), t.columns());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
