package dev.ferry.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The file system flush a store commits with, and how it says where it cannot flush. */
class FileSystemSyncTest {

  @TempDir Path dir;

  @Test
  @EnabledOnOs(OS.LINUX)
  void aDirectoryOnLinuxIsFlushedByTheSyncCommand() throws IOException {
    FileSystemSync sync = new FileSystemSync(dir);
    assertThat(sync.available()).isTrue();
    sync.flush();
  }

  @Test
  void aFlushThatCannotRunSaysSoAndThenFailsLoudly() throws IOException {
    FileSystemSync gone = new FileSystemSync(dir.resolve("no such directory"));
    assertThat(gone.available()).isFalse();
    assertThatThrownBy(gone::flush).isInstanceOf(IOException.class)
        .hasMessageContaining("could not be made durable");
  }
}
