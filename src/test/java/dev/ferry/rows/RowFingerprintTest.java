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

  // expected values computed outside Java: MurmurHash3 x64 128 (seed 0) over the same bytes as
  // the fingerprint, its two 64-bit halves in hex, h1 first
  @Test
  void aQuickHashIsTheDocumentedMurmurHash3OfTheFingerprintsBytes() {
    RowFingerprint.Hasher hasher = new RowFingerprint.Hasher(List.of("Name", "id"));
    RowFingerprint.Hasher other = new RowFingerprint.Hasher(List.of("id", "NAME"));
    RowFingerprint.Hasher wide = new RowFingerprint.Hasher(List.of("zeta", "id", "Body"));

    String quick = hasher.quick(Arrays.asList(null, "1"));
    String fingerprint = hasher.of(Arrays.asList(null, "1"));

    assertThat(quick).isEqualTo("e310647ff50ebf796c94abde1ea375a8");
    assertThat(fingerprint).isEqualTo("9172f855e6533350a15edab12e00c768");
    assertThat(other.quick(List.of("2", "Zoë \"x\""))).isEqualTo("24104ea29f9dcee3af7f034a59d1559c");
    assertThat(wide.quick(Arrays.asList(null, "7", "ä".repeat(5000) + "xxx")))
        .isEqualTo("4430f3ace7514ce9073eb97eef7aefb2");
    assertThat(hasher.quick(Arrays.asList(null, "1"))).isEqualTo(quick);
  }
}
