package dev.ferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.SyncJob;
import java.math.BigDecimal;
import java.time.Duration;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sync job's {@code watermark:} settings: read with their overlap, bad ones refused by line. */
class SyncWatermarkLoaderTest {

  static final String JOB = SyncLoaderTest.JOB;

  @TempDir Path dir;
  private final SyncLoaderTest loader = new SyncLoaderTest();

  @BeforeEach
  void sameDirectory() {
    loader.dir = dir;
  }

  private dev.ferry.api.SyncConfig load(String yaml) throws Exception {
    return loader.load(yaml);
  }

  private String refusal(String yaml) {
    return loader.refusal(yaml);
  }

  @Test
  void watermarksAreReadBesideTheTablesMergeSettings() throws Exception {
    SyncJob job = load(JOB
        + "    tables:\n"
        + "      customer: {merge: skip, watermark: updated_at, watermark-overlap: 30s}\n"
        + "      product: {watermark: version, watermark-overlap: 10}\n"
        + "      invoice: {watermark: changed}\n").jobs().get(0);

    assertThat(job.watermarks()).containsExactly(
        new SyncJob.Watermark("customer", "updated_at", Duration.ofSeconds(30), null,
            dir.resolve("sync.yaml") + ":8"),
        new SyncJob.Watermark("product", "version", null, BigDecimal.TEN,
            dir.resolve("sync.yaml") + ":9"),
        new SyncJob.Watermark("invoice", "changed", null, null,
            dir.resolve("sync.yaml") + ":10"));
    assertThat(job.tables()).singleElement().satisfies(t -> assertThat(t.table())
        .isEqualTo("customer"));
  }

  @Test
  void anOverlapWithoutAWatermarkABadOverlapAndChildrenReplaceAreRefusedWithTheirLine() {
    assertThat(refusal(JOB + "    tables:\n      customer: {watermark-overlap: 5s}\n"))
        .startsWith("sync.yaml:8:").contains("needs 'watermark: <column>'");
    assertThat(refusal(JOB + "    tables:\n      customer:\n        watermark: updated_at\n"
        + "        watermark-overlap: soon\n"))
        .startsWith("sync.yaml:10:").contains("watermark-overlap must be a duration");
    assertThat(refusal(JOB + "    tables:\n      line: {watermark: changed, merge: update,"
        + " children: replace}\n"))
        .startsWith("sync.yaml:8:").contains("children: replace");
  }
}
