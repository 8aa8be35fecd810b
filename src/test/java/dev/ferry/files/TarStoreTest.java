package dev.ferry.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tar.gz backup of a bucket as a read-only store: regular entries read, escapes refused. */
class TarStoreTest {

  @TempDir Path dir;

  @Test
  void aTarGzServesItsRegularEntriesAndNoEscapingOrLinkedOne() throws IOException {
    // given
    Path archive = dir.resolve("bucket.tar.gz");
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      add(tar, "./course/1/slides.pdf", "slides");
      add(tar, "../../etc/cron.d/evil", "evil");
      add(tar, "c/" + "long".repeat(40) + ".txt", "a long name");
      TarArchiveEntry link = new TarArchiveEntry("course/1/passwd", TarConstants.LF_SYMLINK);
      link.setLinkName("/etc/passwd");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    }

    // when
    try (TarStore store = new TarStore(archive)) {
      // then
      assertThat(read(store, "course/1/slides.pdf")).isEqualTo("slides");
      assertThat(store.size(StorePath.of("course/1/slides.pdf"))).isEqualTo(6);
      assertThat(read(store, "c/" + "long".repeat(40) + ".txt")).isEqualTo("a long name");
      assertThat(store.open(StorePath.of("course/2/none.pdf"))).isNull();
      assertThat(store.entriesOutside()).isEqualTo(1);
      assertThat(DirectoryStoreTest.list(store)).containsExactly(
          "c/" + "long".repeat(40) + ".txt", "course/1/slides.pdf");
      assertThatThrownBy(() -> store.open(StorePath.of("course/1/passwd")))
          .isInstanceOf(UnsafePath.class).hasMessageContaining("link");
    }
  }

  private static void add(TarArchiveOutputStream tar, String name, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(bytes.length);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static String read(FileStore store, String path) throws IOException {
    try (InputStream in = store.open(StorePath.of(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
