package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.ValueKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept rows of a merge audit, and the order of newer-wins versions as verify reads them. */
class KeptRowsTest {

  @TempDir Path dir;

  @Test
  void keptLinesAreFoundByFingerprintAndTheOnesNeverFoundAreNamedByKey() throws IOException {
    // given
    Path audit = dir.resolve("merge-audit.jsonl");
    Files.writeString(audit, String.join("\n",
        "{\"table\":\"public.a\",\"key\":\"1\",\"fate\":\"unchanged\"}",
        "{\"table\":\"public.a\",\"key\":\"2\",\"fate\":\"skipped\",\"reason\":\"key collision\","
            + "\"target\":\"aa\"}",
        "{\"table\":\"public.b\",\"key\":\"2\",\"fate\":\"skipped\",\"reason\":\"key collision\","
            + "\"target\":\"bb\"}",
        "{\"table\":\"public.a\",\"key\":\"3\",\"fate\":\"skipped\",\"reason\":\"key collision\","
            + "\"target\":\"cc\"}",
        "{\"table\":\"public.a\",\"key\":\"4\",\"fate\":\"conflict\",\"reason\":\"duplicate"
            + " natural key\"}", ""));
    KeptRows kept = new KeptRows(audit);

    // when
    kept.check();
    Set<String> found = kept.kept("public.a", Set.of("aa", "bb", "zz"));
    KeptRows.Lost lost = kept.lost("public.a", 10);

    // then
    assertThat(found).containsExactly("aa");
    assertThat(lost.keys()).containsExactly("3");
    assertThat(lost.count()).isEqualTo(1);
  }

  @Test
  void anAuditWithoutFingerprintsIsRefusedBeforeAnythingIsRead() throws IOException {
    Path audit = dir.resolve("old.jsonl");
    Files.writeString(audit, "{\"table\":\"a\",\"key\":\"2\",\"fate\":\"skipped\","
        + "\"reason\":\"key collision\"}\n");

    assertThatThrownBy(() -> new KeptRows(audit).check()).isInstanceOf(FerryException.class)
        .hasMessageContaining("old.jsonl:1", "without its fingerprint")
        .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.CONFIGURATION);
  }

  @Test
  void versionsOrderByValueWithNullOlderThanAny() {
    assertThat(VersionOrder.compare("7", "7.00", ValueKind.DECIMAL)).isZero();
    assertThat(VersionOrder.compare("10", "9", ValueKind.INTEGER)).isPositive();
    assertThat(VersionOrder.compare(null, "1", ValueKind.INTEGER)).isNegative();
    assertThat(VersionOrder.compare(null, null, ValueKind.TIMESTAMP)).isZero();
    assertThat(VersionOrder.compare("2024-01-01", "2024-01-01T00:00:00",
        ValueKind.TIMESTAMP)).isZero();
    assertThat(VersionOrder.compare("2024-01-01T10:00:00.5", "2024-01-01T10:00:00",
        ValueKind.TIMESTAMP)).isPositive();
    assertThat(VersionOrder.compare("infinity", "9999-01-01", ValueKind.DATE)).isPositive();
  }
}
