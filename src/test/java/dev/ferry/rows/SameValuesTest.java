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
  void timesDifferByTheirLastFractionDigit() {
    assertThat(SameValues.same(LocalDateTime.of(2024, 2, 14, 10, 0, 0, 10_000),
        ValueKind.TIMESTAMP, LocalDateTime.of(2024, 2, 14, 10, 0, 0, 100_000),
        ValueKind.TIMESTAMP)).isFalse();
  }

  @Test
  void columnFactsOfEitherSideApplyToBoth() {
    // a float4 copied into a float8: the driver widened the same binary32 two ways
    CanonicalValue float4 = new CanonicalValue(ValueKind.FLOAT, true, false, false, false, false,
        false);
    CanonicalValue float8 = CanonicalValue.of(ValueKind.FLOAT);
    assertThat(SameValues.same(0.1, float4.pair(float8), (double) 0.1f, float8.pair(float4)))
        .isTrue();
    assertThat(SameValues.same(0.1, float8, (double) 0.1f, float8)).isFalse();
    // a CHAR(5) into a VARCHAR(5): the padding is not data
    CanonicalValue chars = new CanonicalValue(ValueKind.TEXT, false, true, false, false, false,
        false);
    CanonicalValue varchar = CanonicalValue.of(ValueKind.TEXT);
    assertThat(SameValues.same("ab   ", chars.pair(varchar), "ab", varchar.pair(chars)))
        .isTrue();
    assertThat(SameValues.same("ab ", varchar, "ab", varchar)).isFalse();
  }

  @Test
  void theRuleIsVerifysEncoding() {
    Object[][] pairs = {
        {7L, ValueKind.INTEGER, new BigDecimal("7.00"), ValueKind.DECIMAL},
        {1L, ValueKind.INTEGER, true, ValueKind.BOOLEAN},
        {0.5, ValueKind.FLOAT, new BigDecimal("0.5"), ValueKind.DECIMAL},
        {"A", ValueKind.TEXT, "a", ValueKind.TEXT},
        {LocalDate.of(2024, 2, 14), ValueKind.DATE, LocalDateTime.of(2024, 2, 14, 0, 0),
            ValueKind.TIMESTAMP}};
    for (Object[] p : pairs) {
      CanonicalValue a = CanonicalValue.of((ValueKind) p[1]);
      CanonicalValue b = CanonicalValue.of((ValueKind) p[3]);
      assertThat(SameValues.same(p[0], (ValueKind) p[1], p[2], (ValueKind) p[3]))
          .as("%s and %s", p[0], p[2])
          .isEqualTo(a.pair(b).encode(p[0]).equals(b.pair(a).encode(p[2])));
    }
  }
}
