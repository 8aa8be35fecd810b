package dev.ferry.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.RunHeader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TableWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleResumeTest {

  private static final TablePlan PARENT = BundleFixtures.plan("public.customer", 1, "id:INTEGER",
      "name:TEXT");
  private static final TablePlan CHILD = BundleFixtures.plan("public.invoice", 1, "id:INTEGER",
      "name:TEXT");

  @TempDir
  Path dir;

  /** A run killed after finishing PARENT and while CHILD was half written. */
  private RunHeader killedRun() {
    RunHeader run = BundleFixtures.header("run-1", PARENT, CHILD);
    BundleTarget target = new BundleTarget(dir, false);
    target.beginRun(run);
    BundleFixtures.write(target, PARENT, BundleFixtures.numbered(1, 10), 4);
    TableWriter child = target.open(CHILD, null);
    child.write(new Chunk(List.<Object[]>of(new Object[] {1L, "half"}), new Object[] {1L}));
    // no finish, no close: the process died here
    return run;
  }

  @Test
  void aFinishedTableIsDoneAndAnUnfinishedOneIsNot() {
    killedRun();

    Map<String, Checkpoint> checkpoints = new BundleTarget(dir, false).checkpoints("run-1");

    assertThat(checkpoints).containsOnlyKeys("public.customer");
    Checkpoint parent = checkpoints.get("public.customer");
    assertThat(parent.done()).isTrue();
    assertThat(parent.rowsWritten()).isEqualTo(10);
    assertThat(parent.lastKey()).isNull();
    assertThat(new BundleTarget(dir, false).checkpoints("another-run")).isEmpty();
  }

  @Test
  void unfinishedRunAndPlanOfFindTheKilledRunOfTheSamePlanOnly() {
    killedRun();
    BundleTarget target = new BundleTarget(dir, false);

    assertThat(target.unfinishedRun(BundleFixtures.PLAN)).contains("run-1");
    assertThat(target.unfinishedRun("sha256:other-plan")).isEmpty();
    assertThat(target.planOf("run-1")).contains(BundleFixtures.PLAN);
    assertThat(target.planOf("run-2")).isEmpty();
  }

  @Test
  void resumingRewritesTheUnfinishedTableFromScratchAndKeepsTheFinishedOne() throws Exception {
    // given
    RunHeader run = killedRun();
    Path parentFile = dir.resolve("0001-public.customer.jsonl");
    long parentModified = Files.getLastModifiedTime(parentFile).toMillis();
    assertThat(dir.resolve("0002-public.invoice.jsonl.part")).exists();

    // when: the runner resumes, skipping done tables
    BundleTarget target = new BundleTarget(dir, false);
    target.beginRun(run);
    assertThat(dir.resolve("0002-public.invoice.jsonl.part")).doesNotExist();
    BundleFixtures.write(target, CHILD, BundleFixtures.numbered(1, 3), 2);
    target.endRun(run, "done");

    // then
    assertThat(Files.getLastModifiedTime(parentFile).toMillis()).isEqualTo(parentModified);
    assertThat(BundleFixtures.rows(dir, CHILD)).extracting(r -> r[1])
        .containsExactly("row 1", "row 2", "row 3");
    assertThat(BundleVerifier.verify(dir).passed()).isTrue();
    assertThat(target.unfinishedRun(BundleFixtures.PLAN)).isEmpty();
    assertThat(target.planOf("run-1")).contains(BundleFixtures.PLAN);
    assertThat(target.checkpoints("run-1")).containsOnlyKeys("public.customer", "public.invoice");
  }

  @Test
  void aWriterClosedWithoutFinishLeavesNothingBehind() {
    BundleTarget target = new BundleTarget(dir, false);
    target.beginRun(BundleFixtures.header("run-1", PARENT, CHILD));

    try (TableWriter writer = target.open(PARENT, null)) {
      writer.write(new Chunk(List.<Object[]>of(new Object[] {1L, "x"}), new Object[] {1L}));
    }

    assertThat(dir.resolve("0001-public.customer.jsonl.part")).doesNotExist();
    assertThat(dir.resolve("0001-public.customer.jsonl")).doesNotExist();
    assertThat(target.checkpoints("run-1")).isEmpty();
  }

  @Test
  void aFailedRunStaysResumableAndDoneIsRefusedWhileATableIsMissing() {
    RunHeader run = killedRun();
    BundleTarget target = new BundleTarget(dir, false);
    target.beginRun(run);

    assertThatThrownBy(() -> target.endRun(run, "done"))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("public.invoice");
    target.endRun(run, "failed");

    assertThat(target.unfinishedRun(BundleFixtures.PLAN)).contains("run-1");
    assertThat(target.manifest().orElseThrow().status()).isEqualTo(Manifest.IN_PROGRESS);
  }

  @Test
  void resumingWithAnotherPlanOrGzipSettingIsRefused() {
    killedRun();

    assertThatThrownBy(() -> new BundleTarget(dir, false)
        .beginRun(BundleFixtures.header("run-1", "sha256:other", PARENT, CHILD)))
        .isInstanceOf(FerryException.class)
        .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.REFUSED);
    assertThatThrownBy(() -> new BundleTarget(dir, true)
        .beginRun(BundleFixtures.header("run-1", PARENT, CHILD)))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("without gzip");
  }

  @Test
  void aNewRunReplacesAnEarlierBundleAndItsStaleFiles() throws Exception {
    killedRun();
    TablePlan other = BundleFixtures.plan("public.other", 1, "id:INTEGER", "name:TEXT");
    RunHeader run = BundleFixtures.header("run-2", "sha256:plan-2", other);

    BundleFixtures.export(new BundleTarget(dir, true), run, Map.of(other, List.of()), 10);

    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("manifest.json", "run.json", "0001-public.other.jsonl.gz");
    }
    assertThat(BundleFixtures.rows(dir, other)).isEmpty();
  }

  @Test
  void aDirectoryHoldingOtherFilesIsRefused() throws Exception {
    Files.writeString(dir.resolve("thesis.docx"), "years of work");

    assertThatThrownBy(() -> new BundleTarget(dir, false)
        .beginRun(BundleFixtures.header("run-1", PARENT)))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("thesis.docx")
        .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INPUT);
    assertThat(dir.resolve("thesis.docx")).exists();
  }

  @Test
  void aMidTableCheckpointIsRefusedBecauseBundleTablesRestartWhole() {
    BundleTarget target = new BundleTarget(dir, false);
    target.beginRun(BundleFixtures.header("run-1", PARENT));

    assertThatThrownBy(() -> target.open(PARENT,
        new Checkpoint("public.customer", new Object[] {5L}, 5, 0, false)))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("whole");
  }
}
