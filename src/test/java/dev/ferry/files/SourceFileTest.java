package dev.ferry.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.FileFate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A row's file judged by the copy's rule, and the reference the copy writes for it. */
class SourceFileTest {

  /** SHA-256 of the three bytes {@code abc}. */
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @TempDir Path dir;

  @Test
  void aFileAsTheRowExpectsArrivesUnderTheTemplatesPathAndAnyOtherKeepsTheRowsPath()
      throws Exception {
    // given
    Path root = Files.createDirectories(dir.resolve("store"));
    Files.createDirectories(root.resolve("a"));
    Files.writeString(root.resolve("a/b.TXT"), "abc");
    Files.writeString(dir.resolve("secret"), "abc");
    Files.createSymbolicLink(root.resolve("link"), dir.resolve("secret"));
    DirectoryStore store = new DirectoryStore(root);

    // when
    SourceFile good = SourceFile.examine(store, "./a//b.TXT", ABC.toUpperCase(), "3", true);
    SourceFile sized = SourceFile.examine(store, "a/b.TXT", null, "3", false);

    // then
    assertThat(good.fate()).isEqualTo(FileFate.COPIED);
    assertThat(good.size()).isEqualTo(3);
    assertThat(good.reference(PathTemplate.KEEP, "./a//b.TXT")).isEqualTo("a/b.TXT");
    assertThat(good.reference(PathTemplate.SHA256, "./a//b.TXT"))
        .isEqualTo("sha256/ba/78/" + ABC + ".txt");
    assertThat(sized.arrives()).isTrue();
    assertThat(sized.sha256()).isNull();
    assertThat(SourceFile.examine(store, "a/b.TXT", null, "4", false).reason())
        .isEqualTo("it has 3 bytes, the row expects 4");
    assertThat(SourceFile.examine(store, "a/b.TXT", "00", null, false).fate())
        .isEqualTo(FileFate.MISMATCH);
    assertThat(SourceFile.examine(store, "a/none", null, null, true).fate())
        .isEqualTo(FileFate.MISSING);
    assertThat(SourceFile.examine(store, "../secret", null, null, true).fate())
        .isEqualTo(FileFate.REFUSED);
    SourceFile linked = SourceFile.examine(store, "link", null, null, true);
    assertThat(linked.fate()).isEqualTo(FileFate.REFUSED);
    assertThat(linked.reason()).contains("symbolic link");
    assertThat(linked.reference(PathTemplate.SHA256, "link")).isEqualTo("link");
  }
}
