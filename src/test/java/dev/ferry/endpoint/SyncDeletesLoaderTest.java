package dev.ferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.SyncJob;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sync job's {@code deletes:} per table: read beside the other settings, misuse refused. */
class SyncDeletesLoaderTest {

  static final String JOB = SyncLoaderTest.JOB;

  @TempDir Path dir;
  private final SyncLoaderTest loader = new SyncLoaderTest();

  @BeforeEach
  void sameDirectory() {
    loader.dir = dir;
  }

  @Test
  void deletesAreReadBesideWatermarksAndMergeSettingsAndFalseIsNone() throws Exception {
    SyncJob job = loader.load(JOB
        + "    tables:\n"
        + "      customer: {merge: skip, deletes: true}\n"
        + "      orders: {watermark: updated_at, deletes: true}\n"
        + "      product: {deletes: false}\n").jobs().get(0);

    assertThat(job.deletes()).containsExactly(
        new SyncJob.Deletes("customer", dir.resolve("sync.yaml") + ":8"),
        new SyncJob.Deletes("orders", dir.resolve("sync.yaml") + ":9"));
    assertThat(job.watermarks()).singleElement().satisfies(w -> assertThat(w.table())
        .isEqualTo("orders"));
    assertThat(job.tables()).singleElement().satisfies(t -> assertThat(t.table())
        .isEqualTo("customer"));
    assertThat(job.half(true).deletes()).isEqualTo(job.deletes());
  }

  @Test
  void aValueThatIsNoBooleanAFilterAGlobAKeyPolicyAndBothDirectionsAreRefusedAtTheirLine() {
    assertThat(loader.refusal(JOB + "    tables:\n      customer: {deletes: yes please}\n"))
        .startsWith("sync.yaml:8:").contains("deletes must be true").contains("yes please");
    assertThat(loader.refusal(JOB + "    tables:\n      customer:\n        where: id > 10\n"
        + "        deletes: true\n"))
        .startsWith("sync.yaml:10:").contains("has where:").contains("one or the other");
    assertThat(loader.refusal(JOB + "    tables:\n      'cust*': {deletes: true}\n"))
        .startsWith("sync.yaml:8:").contains("is a glob");
    assertThat(loader.refusal(JOB + "    tables:\n      line: {children: replace, merge: update,"
        + " deletes: true}\n"))
        .startsWith("sync.yaml:8:").contains("children:");
    assertThat(loader.refusal(JOB + "    keys: remap\n    tables:\n      customer: {deletes:"
        + " true}\n"))
        .startsWith("sync.yaml:9:").contains("keys: remap");
    assertThat(loader.refusal(JOB + "    direction: both\n    merge: newer-wins\n    tables:\n"
        + "      customer: {merge: newer-wins, newer-by: v, deletes: true}\n"))
        .startsWith("sync.yaml:10:").contains("direction both");
  }
}
