package dev.ferry.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory store: staged, hashed, renamed into place; no symbolic link followed. */
class DirectoryStoreTest {

  /** SHA-256 of the three bytes {@code abc}. */
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @TempDir Path dir;

  @Test
  void aStagedFileIsHashedAndSizedAndAppearsOnlyWhenCommitted() throws IOException {
    // given
    DirectoryStore store = new DirectoryStore(dir);
    StorePath path = StorePath.of("a/b/c.txt");

    // when
    WritableStore.Staged staged = store.stage(bytes("abc"), false);

    // then
    assertThat(staged.sha256()).isEqualTo(ABC);
    assertThat(staged.size()).isEqualTo(3);
    assertThat(store.size(path)).isEqualTo(-1);
    store.commit(staged, path);
    assertThat(Files.readString(dir.resolve("a/b/c.txt"))).isEqualTo("abc");
    assertThat(store.size(path)).isEqualTo(3);
    assertThat(list(store)).containsExactly("a/b/c.txt");
  }

  @Test
  void temporariesOfAKilledRunAreSweptAndNeverListed() throws IOException {
    // given: a staged file nobody committed, as a kill leaves it
    DirectoryStore store = new DirectoryStore(dir);
    store.stage(bytes("left over"), false);
    Files.writeString(dir.resolve("kept.txt"), "x");

    // when
    List<String> before = list(store);
    int swept = store.sweepTemporaries();

    // then
    assertThat(before).containsExactly("kept.txt");
    assertThat(swept).isEqualTo(1);
    assertThat(Files.list(dir.resolve(DirectoryStore.TEMPORARY))).isEmpty();
  }

  @Test
  void aSymbolicLinkToAFileOutsideIsRefusedNotRead() throws IOException {
    // given
    Path outside = Files.writeString(dir.resolve("secret.txt"), "secret");
    Path root = Files.createDirectory(dir.resolve("store"));
    Files.createSymbolicLink(root.resolve("avatar.png"), outside);
    DirectoryStore store = new DirectoryStore(root);

    // then
    assertThatThrownBy(() -> store.open(StorePath.of("avatar.png")))
        .isInstanceOf(UnsafePath.class).hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> store.size(StorePath.of("avatar.png")))
        .isInstanceOf(UnsafePath.class);
  }

  @Test
  void aSymbolicLinkToADirectoryOnTheWayIsRefusedForReadingAndWriting() throws IOException {
    // given
    Path outside = Files.createDirectory(dir.resolve("elsewhere"));
    Files.writeString(outside.resolve("f.txt"), "x");
    Path root = Files.createDirectory(dir.resolve("store"));
    Files.createSymbolicLink(root.resolve("uploads"), outside);
    DirectoryStore store = new DirectoryStore(root);
    WritableStore.Staged staged = store.stage(bytes("abc"), false);

    // then
    assertThatThrownBy(() -> store.open(StorePath.of("uploads/f.txt")))
        .isInstanceOf(UnsafePath.class).hasMessageContaining("'uploads'");
    assertThatThrownBy(() -> store.commit(staged, StorePath.of("uploads/g.txt")))
        .isInstanceOf(UnsafePath.class);
    assertThat(outside.resolve("g.txt")).doesNotExist();
  }

  @Test
  void aMissingFileIsNullNotAFailure() throws IOException {
    DirectoryStore store = new DirectoryStore(dir);
    assertThat(store.open(StorePath.of("no/such.txt"))).isNull();
    assertThat(store.size(StorePath.of("no/such.txt"))).isEqualTo(-1);
  }

  static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  static List<String> list(FileStore store) throws IOException {
    List<String> paths = new ArrayList<>();
    store.list(p -> paths.add(p.text()));
    paths.sort(null);
    return paths;
  }
}
