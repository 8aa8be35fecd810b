package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The mapped file of records behind the id map's spill and the child sweep's digests. */
class PairFileTest {

  @Test
  void recordsLiveAcrossSegmentsAndTheFileLeavesNoNameBehind() throws IOException {
    String prefix = "ferry-pairfile-test-" + System.nanoTime() + "-";
    try (PairFile records = new PairFile(prefix, "a test", 64)) {
      // nothing a kill -9 could leave in the temporary directory, even while in use
      assertThat(named(prefix)).isZero();
      for (long i = 0; i < 100; i++) {
        records.put(i, i * 3, -i);
      }
      records.swap(0, 99);

      assertThat(records.first(0)).isEqualTo(297);
      assertThat(records.second(0)).isEqualTo(-99);
      assertThat(records.first(99)).isZero();
      assertThat(records.first(50)).isEqualTo(150);
      assertThat(records.second(50)).isEqualTo(-50);
    }
    assertThat(named(prefix)).isZero();
  }

  private static long named(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
    }
  }
}
