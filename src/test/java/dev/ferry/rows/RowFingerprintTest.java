package dev.ferry.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowFingerprintTest {

  // expected values computed outside Java: SHA-256 over (length, bytes) parts of each column's
  // lower-cased name and value by name order, -1 for NULL; the first 16 bytes in hex
  @Test
  void aFingerprintIsTheDocumentedSha256Prefix() {
    assertThat(RowFingerprint.of(List.of("Name", "id"), Arrays.asList(null, "1")))
        .isEqualTo("9172f855e6533350a15edab12e00c768");
    assertThat(RowFingerprint.of(List.of("id", "NAME"), List.of("2", "Zoë \"x\"")))
        .isEqualTo("06ce82c456111ad7bc6c26060f9ffe65");
  }

  @Test
  void aHasherReusedOverManyRowsGivesEachRowItsOwnFingerprint() {
    RowFingerprint.Hasher hasher = new RowFingerprint.Hasher(List.of("Name", "id"));

    String first = hasher.of(Arrays.asList(null, "1"));
    String second = hasher.of(List.of("Zoë \"x\"", "2"));
    String again = hasher.of(Arrays.asList(null, "1"));

    assertThat(first).isEqualTo("9172f855e6533350a15edab12e00c768").isEqualTo(again);
    assertThat(second).isEqualTo("06ce82c456111ad7bc6c26060f9ffe65");
  }

  @Test
  void aValueLongerThanTheBufferGivesTheDocumentedFingerprintBeforeAndAfterShortRows() {
    // 10,003 UTF-8 bytes: past the size below which values are gathered before hashing
    String body = "ä".repeat(5000) + "xxx";
    RowFingerprint.Hasher hasher = new RowFingerprint.Hasher(List.of("zeta", "id", "Body"));

    String before = hasher.of(Arrays.asList(null, "1", "short"));
    String large = hasher.of(Arrays.asList(null, "7", body));
    String after = hasher.of(Arrays.asList(null, "1", "short"));

    assertThat(large).isEqualTo("8367922de465ff853111ba302b9f11a2");
    assertThat(before).isEqualTo(after)
        .isEqualTo(RowFingerprint.of(List.of("zeta", "id", "Body"), Arrays.asList(null, "1",
            "short")));
  }
}
