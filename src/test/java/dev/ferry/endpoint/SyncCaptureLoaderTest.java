package dev.ferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.SyncConfig;
import dev.ferry.api.SyncJob;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capture:} in {@code sync.yaml}: read as a word or a mapping, bad values refused. */
class SyncCaptureLoaderTest {

  static final String JOB = SyncLoaderTest.JOB;

  @TempDir Path dir;

  SyncConfig load(String yaml) throws Exception {
    Files.writeString(dir.resolve("target.pw"), "t-secret\n");
    Path file = dir.resolve("sync.yaml");
    Files.writeString(file, yaml);
    return new SyncLoader(Map.of("SRC_PW", "s-secret")::get).load(file);
  }

  String refusal(String yaml) {
    try {
      load(yaml);
    } catch (FerryException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
      return e.getMessage().replace(dir.resolve("sync.yaml").toString(), "sync.yaml");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("not refused:\n" + yaml);
  }

  @Test
  void captureIsReadAsAWordOrAMapping() throws Exception {
    assertThat(load(JOB + "    capture: cycles\n").jobs().get(0).capture()).isNull();
    SyncJob.Capture word = load(JOB + "    capture: cdc\n").jobs().get(0).capture();
    assertThat(word.events()).isEqualTo(1000);
    assertThat(word.batchWait()).isEqualTo(Duration.ofMillis(500));
    assertThat(word.deletes()).isFalse();
    assertThat(word.where()).endsWith("sync.yaml:7");
    assertThat(load(JOB.replace("jdbc:postgresql://a/db", "jdbc:mariadb://a/db")
        + "    capture: cdc\n").jobs().get(0).capture()).as("MariaDB's binlog").isNotNull();
    SyncJob.Capture map = load(JOB + "    capture: {mode: cdc, batch-events: 50,"
        + " batch-wait: 2s, deletes: true}\n").jobs().get(0).capture();
    assertThat(map).isEqualTo(new SyncJob.Capture(50, Duration.ofSeconds(2), true,
        word.where()));
  }

  @Test
  void badCaptureValuesAreRefusedWithFileAndLine() {
    assertThat(refusal(JOB + "    capture: binlog\n")).startsWith("sync.yaml:7: ")
        .contains("'capture' must be cycles", "not 'binlog'");
    assertThat(refusal(JOB + "    capture:\n      mode: cdc\n      batch-events: 0\n"))
        .startsWith("sync.yaml:9: ").contains("batch-events must be a whole number");
    assertThat(refusal(JOB + "    capture: {mode: cdc, batch-wait: soon}\n"))
        .startsWith("sync.yaml:7: ").contains("batch-wait: soon' is not a duration");
    assertThat(refusal(JOB + "    capture: {mode: cdc, deletes: maybe}\n"))
        .startsWith("sync.yaml:7: ").contains("deletes must be true");
    assertThat(refusal(JOB + "    capture: {mode: cdc, every: 1s}\n"))
        .startsWith("sync.yaml:7: ").contains("every");
    assertThat(refusal(JOB + "    keys: remap\n    capture: {mode: cdc, deletes: true}\n"))
        .startsWith("sync.yaml:8: ").contains("keys: remap");
    assertThat(refusal(JOB.replace("jdbc:postgresql://a/db", "jdbc:sqlserver://a;db=x")
        + "    capture: cdc\n")).startsWith("sync.yaml:7: ").contains("needs a PostgreSQL"
        + " or MariaDB source");
  }
}
