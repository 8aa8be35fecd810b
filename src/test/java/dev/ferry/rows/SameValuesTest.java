package dev.ferry.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SameValuesTest {

  @Test
  void valuesEqualAcrossDriverTypesAreTheSame() {
    assertThat(SameValues.same(7L, ValueKind.INTEGER, new BigDecimal("7.00"), ValueKind.DECIMAL))
        .isTrue();
    assertThat(SameValues.same(new BigDecimal("1.50"), ValueKind.DECIMAL, new BigDecimal("1.5"),
        ValueKind.DECIMAL)).isTrue();
    assertThat(SameValues.same(new byte[] {1, 2}, ValueKind.BINARY, new byte[] {1, 2},
        ValueKind.BINARY)).isTrue();
    assertThat(SameValues.same(1L, ValueKind.INTEGER, true, ValueKind.BOOLEAN)).isTrue();
    assertThat(SameValues.same(LocalDate.of(2024, 2, 14), ValueKind.DATE,
        LocalDateTime.of(2024, 2, 14, 0, 0), ValueKind.TIMESTAMP)).isTrue();
    assertThat(SameValues.same(OffsetDateTime.of(2024, 2, 14, 12, 0, 0, 0, ZoneOffset.ofHours(2)),
        ValueKind.TIMESTAMP_TZ, LocalDateTime.of(2024, 2, 14, 10, 0), ValueKind.TIMESTAMP))
        .isTrue();
    UUID u = UUID.randomUUID();
    assertThat(SameValues.same(u.toString().toUpperCase(), ValueKind.TEXT, u, ValueKind.UUID))
        .isTrue();
    assertThat(SameValues.same("{\"b\": 1, \"a\": [1, 2]}", ValueKind.JSON,
        "{\"a\":[1,2],\"b\":1}", ValueKind.JSON)).isTrue();
    assertThat(SameValues.same(0.1, ValueKind.FLOAT, new BigDecimal("0.1"), ValueKind.DECIMAL))
        .isTrue();
    assertThat(SameValues.same(null, ValueKind.TEXT, null, ValueKind.TEXT)).isTrue();
  }

  @Test
  void differentValuesAreNotTheSame() {
    assertThat(SameValues.same(7L, ValueKind.INTEGER, new BigDecimal("7.01"), ValueKind.DECIMAL))
        .isFalse();
    assertThat(SameValues.same(new byte[] {1, 2}, ValueKind.BINARY, new byte[] {1, 3},
        ValueKind.BINARY)).isFalse();
    assertThat(SameValues.same("a", ValueKind.TEXT, "a ", ValueKind.TEXT)).isFalse();
    assertThat(SameValues.same(null, ValueKind.TEXT, "", ValueKind.TEXT)).isFalse();
    assertThat(SameValues.same(LocalDateTime.of(2024, 2, 14, 10, 0, 0, 1000), ValueKind.TIMESTAMP,
        LocalDateTime.of(2024, 2, 14, 10, 0), ValueKind.TIMESTAMP)).isFalse();
    assertThat(SameValues.same(2L, ValueKind.INTEGER, true, ValueKind.BOOLEAN)).isFalse();
  }

  @Test
  void timesAreWrittenWithTheFractionTheyHaveAndNoMore() {
    assertThat(SameValues.text(java.time.LocalTime.of(1, 2, 3, 1000), null))
        .isEqualTo("01:02:03.000001");
    assertThat(SameValues.text(java.time.LocalTime.of(23, 59, 59, 120_000_000), null))
        .isEqualTo("23:59:59.12");
    assertThat(SameValues.text(java.time.LocalTime.MIDNIGHT, null)).isEqualTo("00:00:00");
    assertThat(SameValues.text(LocalDateTime.of(2024, 2, 14, 9, 5, 7, 100), null))
        .isEqualTo("2024-02-14T09:05:07.0000001");
    assertThat(SameValues.same(LocalDateTime.of(2024, 2, 14, 10, 0, 0, 10_000),
        ValueKind.TIMESTAMP, LocalDateTime.of(2024, 2, 14, 10, 0, 0, 100_000),
        ValueKind.TIMESTAMP)).isFalse();
  }

  @Test
  void keysOfDifferentDriverTypesFindEachOther() {
    assertThat(SameValues.keyText(42L)).isEqualTo(SameValues.keyText(new BigDecimal("42.0")));
    assertThat(SameValues.keyText(42L)).isEqualTo(SameValues.keyText(42));
  }
}
