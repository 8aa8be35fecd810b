package dev.ferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.FileRule;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table's {@code files:} in ferry.yaml: read as written, its mistakes named with their line. */
class FilesSectionTest {

  @TempDir Path dir;

  private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

  @Test
  void theDocumentedEntryIsReadWithStoresRelativeToTheFile() throws IOException {
    // given
    Path file = write("""
        tables:
          attachment:
            files:
              column: storage_path
              sha256: checksum
              size: bytes
              from: uploads-backup.tar.gz
              to: /srv/uploads
              template: sha256
              on-mismatch: skip-row
        """);

    // when
    FileRule rule = loader.load(file, true).files().get(0);

    // then
    assertThat(rule).isEqualTo(new FileRule("attachment", "storage_path", "checksum", "bytes",
        dir.resolve("uploads-backup.tar.gz"), Path.of("/srv/uploads"), "sha256", true,
        file + ":3", file + ":7", file + ":8"));
    assertThat(loader.load(file, true).tables()).isEmpty();
  }

  @Test
  void defaultsAreKeepAndSkipFile() throws IOException {
    Path file = write("tables:\n  doc:\n    files: {column: path, from: a, to: b}\n");
    FileRule rule = loader.load(file, true).files().get(0);
    assertThat(rule.template()).isEqualTo("keep");
    assertThat(rule.skipRow()).isFalse();
    assertThat(rule.sha256Column()).isNull();
  }

  @Test
  void mistakesAreRefusedWithTheirLine() throws IOException {
    assertRefused("tables:\n  doc:\n    files:\n      from: a\n      to: b\n",
        ":3: tables.doc.files needs 'column'");
    assertRefused("tables:\n  doc:\n    files:\n      column: p\n      to: b\n",
        ":3: tables.doc.files needs 'from'");
    assertRefused("tables:\n  doc:\n    files: {column: p, from: a, to: b,\n"
        + "      template: flat}\n", ":4: tables.doc.files.template must be one of [keep, sha256]");
    assertRefused("tables:\n  doc:\n    files:\n      column: p\n      from: a\n      to: b\n"
        + "      on-mismatch: ignore\n", ":7: tables.doc.files.on-mismatch must be skip-file or"
        + " skip-row, not 'ignore'");
    assertRefused("tables:\n  doc:\n    files:\n      column: p\n      from: a\n      to: ./a\n",
        ":6: tables.doc.files: from and to are the same store");
    assertRefused("tables:\n  doc:\n    files:\n      column: p\n      form: a\n",
        ":5: unknown setting 'form' in tables.doc.files");
    assertRefused("tables:\n  doc:\n    files: uploads\n", ":3: tables.doc.files must be a"
        + " mapping");
  }

  private void assertRefused(String yaml, String message) throws IOException {
    Path file = write(yaml);
    assertThatThrownBy(() -> loader.load(file, true)).isInstanceOf(FerryException.class)
        .hasMessageStartingWith(file + message.substring(0, message.indexOf(' ')))
        .hasMessageContaining(message.substring(message.indexOf(' ') + 1))
        .satisfies(e -> assertThat(((FerryException) e).code())
            .isEqualTo(ErrorCode.CONFIGURATION));
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("ferry.yaml"), yaml);
  }
}
