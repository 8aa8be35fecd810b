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
  void recordsSortAcrossSegmentsAndTheFileLeavesNoNameBehind() throws IOException {
    String prefix = "ferry-pairfile-test-" + System.nanoTime() + "-";
    try (PairFile records = new PairFile(prefix, "a test", 64)) {
      // nothing a kill -9 could leave in the temporary directory, even while in use
      assertThat(named(prefix)).isZero();
      for (long i = 0; i < 100; i++) {
        records.put(i, (i * 37) % 100, -i);
      }
      records.sort(100);

      for (long i = 0; i < 100; i++) {
        assertThat(records.first(i)).isEqualTo(i);
        assertThat(records.compare(i, i, records.second(i))).isZero();
      }
      // 37 * 27 = 999: the record put 27th now sits where its first long says
      assertThat(records.second(99)).isEqualTo(-27);
    }
    assertThat(named(prefix)).isZero();
  }

  private static long named(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
    }
  }
}
