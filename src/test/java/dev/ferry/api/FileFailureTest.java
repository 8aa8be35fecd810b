package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.error.FileFailure;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFailureTest {

  @TempDir Path dir;

  @Test
  void whatTheFileSystemSaysIsPutInWordsWithoutClassNamesOrThePath() throws IOException {
    Path missing = dir.resolve("missing.csv");
    Path file = Files.writeString(dir.resolve("file.txt"), "x");

    assertThat(reasonOf(() -> Files.readAllBytes(missing))).isEqualTo("no such file or directory");
    assertThat(reasonOf(() -> Files.readAllBytes(dir))).isEqualTo("is a directory");
    assertThat(reasonOf(() -> new FileInputStream(dir.toFile()).close()))
        .isEqualTo("is a directory");
    assertThat(reasonOf(() -> Files.createDirectories(file.resolve("sub"))))
        .isIn("not a directory", "it already exists");
    assertThat(FileFailure.reason(new AccessDeniedException(file.toString())))
        .isEqualTo("permission denied");
    assertThat(FileFailure.reason(new UncheckedIOException(
        new java.nio.file.NoSuchFileException("x")))).isEqualTo("no such file or directory");
    assertThat(FileFailure.reason(new IOException())).isEqualTo("an input/output error");
  }

  @Test
  void aWrapperWhoseMessageIsItsCausesToStringShowsNoClassName() {
    IllegalStateException cause = new IllegalStateException("Pool is closed");

    assertThat(FileFailure.reason(new java.util.concurrent.CompletionException(cause)))
        .isEqualTo("pool is closed");
    assertThat(FileFailure.reason(new RuntimeException(cause))).isEqualTo("pool is closed");
    assertThat(FileFailure.reason(new RuntimeException(new NullPointerException())))
        .isEqualTo("no details");
  }

  @Test
  void failuresAboutThePathAreBadInput() {
    assertThat(FileFailure.isAboutThePath(new AccessDeniedException("f"))).isTrue();
    assertThat(FileFailure.isAboutThePath(new IOException("Is a directory"))).isTrue();
    assertThat(FileFailure.isAboutThePath(new IOException("No space left on device"))).isFalse();
  }

  private interface Io {
    void run() throws IOException;
  }

  private static String reasonOf(Io io) {
    try {
      io.run();
    } catch (IOException e) {
      String reason = FileFailure.reason(e);
      assertThat(reason).doesNotContain("Exception").doesNotContain("/");
      return reason;
    }
    throw new AssertionError("no failure");
  }
}
