package dev.ferry.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.RunHeader;
import dev.ferry.rows.TablePlan;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleSourceTest {

  private static final TablePlan ITEMS = BundleFixtures.plan("shop.items", 1, "id:INTEGER", "name:TEXT");
  private static final TablePlan LINES = BundleFixtures.plan("shop.lines", 2, "order_id:INTEGER",
      "line:INTEGER", "sku:TEXT");
  private static final TablePlan LOG = BundleFixtures.plan("shop.log", 0, "message:TEXT");

  @TempDir
  Path dir;

  private void export(boolean gzip) {
    List<Object[]> lines = new ArrayList<>();
    for (long order = 1; order <= 3; order++) {
      for (long line = 1; line <= 2; line++) {
        lines.add(new Object[] {order, line, "sku-" + order + "-" + line});
      }
    }
    Map<TablePlan, List<Object[]>> data = new LinkedHashMap<>();
    data.put(ITEMS, toList(BundleFixtures.numbered(1, 10)));
    data.put(LINES, lines);
    data.put(LOG, List.<Object[]>of(new Object[] {"a"}, new Object[] {"b"}, new Object[] {"c"}));
    BundleFixtures.export(new BundleTarget(dir, gzip), BundleFixtures.header("run-1", ITEMS, LINES, LOG), data,
        4);
  }

  private static List<Object[]> toList(Iterator<Object[]> rows) {
    List<Object[]> list = new ArrayList<>();
    rows.forEachRemaining(list::add);
    return list;
  }

  @Test
  void exposesTheCatalogAndManifestRecordedAtExport() {
    export(false);

    try (BundleSource source = new BundleSource(dir)) {
      assertThat(source.catalog().tables()).extracting(t -> t.name().qualified())
          .containsExactly("shop.items", "shop.lines", "shop.log");
      assertThat(source.manifest().transformations()).containsEntry("user-map", "sha256:map");
      assertThat(source.manifest().source()).isEqualTo("jdbc:h2:mem:db (user=***)");
    }
  }

  @Test
  void chunksHoldChunkSizeRowsAndTheKeyOfTheirLastRow() {
    export(true);

    List<Chunk> chunks = BundleFixtures.chunks(dir, ITEMS, null, 4);

    assertThat(chunks).extracting(Chunk::size).containsExactly(4, 4, 2);
    assertThat(chunks).extracting(c -> c.lastKey()[0]).containsExactly(4L, 8L, 10L);
  }

  @Test
  void aTableWithoutAKeyHasNoLastKey() {
    export(false);

    List<Chunk> chunks = BundleFixtures.chunks(dir, LOG, null, 2);

    assertThat(chunks).extracting(Chunk::size).containsExactly(2, 1);
    assertThat(chunks).allSatisfy(c -> assertThat(c.lastKey()).isNull());
  }

  @Test
  void readingAfterAKeySkipsEveryRowUpToAndIncludingIt() {
    export(false);

    List<Chunk> chunks = BundleFixtures.chunks(dir, ITEMS, new Object[] {7L}, 2);

    assertThat(chunks).flatExtracting(Chunk::rows).extracting(r -> r[0])
        .containsExactly(8L, 9L, 10L);
  }

  @Test
  void readingAfterACompositeKeyGivenAsOtherIntegerTypesSkipsToIt() {
    export(false);

    List<Chunk> chunks = BundleFixtures.chunks(dir, LINES, new Object[] {2, BigInteger.ONE}, 10);

    assertThat(chunks).flatExtracting(Chunk::rows).extracting(r -> r[2])
        .containsExactly("sku-2-2", "sku-3-1", "sku-3-2");
    assertThat(chunks.get(0).lastKey()).containsExactly(3L, 2L);
  }

  @Test
  void readingAfterTheLastKeyGivesNothing() {
    export(false);

    assertThat(BundleFixtures.chunks(dir, ITEMS, new Object[] {10L}, 3)).isEmpty();
  }

  @Test
  void aCheckpointKeyThatIsNotInTheFileIsAnInputError() {
    export(false);

    assertThatThrownBy(() -> BundleFixtures.chunks(dir, ITEMS, new Object[] {99L}, 3))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("[99]")
        .hasMessageContaining("0001-shop.items.jsonl");
  }

  @Test
  void thePlanMayReadFewerColumnsInAnotherOrder() {
    export(false);
    TablePlan reordered = BundleFixtures.plan("shop.lines", 0, "sku:TEXT", "order_id:INTEGER");

    List<Object[]> rows = BundleFixtures.rows(dir, reordered);

    assertThat(rows.get(0)).containsExactly("sku-1-1", 1L);
  }

  @Test
  void aColumnTheFileLacksIsAnInputError() {
    export(false);
    TablePlan wider = BundleFixtures.plan("shop.items", 1, "id:INTEGER", "price:DECIMAL");

    try (BundleSource source = new BundleSource(dir)) {
      assertThatThrownBy(() -> source.read(wider, null, 10))
          .isInstanceOf(FerryException.class)
          .hasMessageContaining("has no column price");
    }
  }

  @Test
  void aTableTheBundleDoesNotHoldIsAnInputError() {
    export(false);

    try (BundleSource source = new BundleSource(dir)) {
      assertThatThrownBy(() -> source.read(BundleFixtures.plan("shop.ghost", 0, "x:TEXT"), null, 10))
          .isInstanceOf(FerryException.class)
          .hasMessageContaining("no data file for table shop.ghost");
    }
  }

  @Test
  void aDamagedFileIsRefusedBeforeAnyRowIsHandedOut() throws Exception {
    export(false);
    Path file = dir.resolve("0001-shop.items.jsonl");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 4] ^= 1; // "row 10" becomes "row 11": same size, still valid JSON
    Files.write(file, bytes);

    try (BundleSource source = new BundleSource(dir)) {
      assertThatThrownBy(() -> source.read(ITEMS, null, 1))
          .isInstanceOf(FerryException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("SHA-256")
          .hasMessageContaining("ferry verify --bundle")
          .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INPUT);
    }
  }

  @Test
  void aMissingFileIsAnInputErrorNamingIt() throws Exception {
    export(false);
    Files.delete(dir.resolve("0003-shop.log.jsonl"));

    try (BundleSource source = new BundleSource(dir)) {
      assertThatThrownBy(() -> source.read(LOG, null, 1))
          .isInstanceOf(FerryException.class)
          .hasMessageContaining("0003-shop.log.jsonl")
          .hasMessageContaining("missing");
    }
  }

  @Test
  void anIncompleteBundleIsRefused() {
    RunHeader run = BundleFixtures.header("run-1", ITEMS);
    new BundleTarget(dir, false).beginRun(run);

    assertThatThrownBy(() -> new BundleSource(dir))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("incomplete");
  }

  @Test
  void anotherFormatVersionOrAFileNameOutsideTheBundleIsRefused() {
    export(false);
    Manifest m = new BundleSource(dir).manifest();
    Json.write(dir.resolve("manifest.json"), new Manifest(2, m.ferryVersion(), m.status(),
        m.runId(), m.planFingerprint(), m.source(), m.gzip(), m.transformations(), m.tables(),
        m.loadOrder(), m.catalog()));

    assertThatThrownBy(() -> new BundleSource(dir))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("format version 2");

    Manifest.TableFile t = m.tables().get(0);
    Json.write(dir.resolve("manifest.json"), new Manifest(1, m.ferryVersion(), m.status(),
        m.runId(), m.planFingerprint(), m.source(), m.gzip(), m.transformations(),
        List.of(new Manifest.TableFile(t.table(), "../../etc/passwd", t.rows(), t.bytes(),
            t.sha256(), t.keyColumns(), t.columns())), m.loadOrder(), m.catalog()));

    assertThatThrownBy(() -> new BundleSource(dir))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("not a data file name");
  }

  @Test
  void aDirectoryWithoutManifestIsNotABundle() {
    assertThatThrownBy(() -> new BundleSource(dir))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("is not a bundle");
  }

  @Test
  void twoHundredThousandRowsStreamThroughInChunks() {
    // given: rows generated lazily on the way in, counted on the way out; nothing holds the table
    TablePlan big = BundleFixtures.plan("public.big", 1, "id:INTEGER", "label:TEXT");
    RunHeader run = BundleFixtures.header("run-1", big);
    BundleTarget target = new BundleTarget(dir, true);
    target.beginRun(run);
    BundleFixtures.write(target, big, BundleFixtures.numbered(1, 200_000), 5_000);
    target.endRun(run, "done");

    // when
    long rows = 0;
    long last = 0;
    try (BundleSource source = new BundleSource(dir);
        ChunkCursor cursor = source.read(big, null, 5_000)) {
      for (Chunk c = cursor.next(); c != null; c = cursor.next()) {
        assertThat(c.size()).isEqualTo(5_000);
        assertThat((Long) c.rows().get(0)[0]).isEqualTo(last + 1);
        rows += c.size();
        last = (Long) c.lastKey()[0];
      }
    }

    // then
    assertThat(rows).isEqualTo(200_000);
    assertThat(last).isEqualTo(200_000);
    assertThat(BundleVerifier.verify(dir).rowsChecked()).isEqualTo(200_000);
  }
}
