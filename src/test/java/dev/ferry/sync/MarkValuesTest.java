package dev.ferry.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.error.FerryException;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A watermark's lower bound: the mark less the overlap, as a literal of digits only. */
class MarkValuesTest {

  @Test
  void theOverlapIsTakenOffTheMarkInTheFormTheSourceWroteIt() {
    assertThat(MarkValues.numberBelow("1042", null)).isEqualTo("1042");
    assertThat(MarkValues.numberBelow("1042", BigDecimal.TEN)).isEqualTo("1032");
    assertThat(MarkValues.numberBelow("1.5E+3", BigDecimal.ONE)).isEqualTo("1499");
    assertThat(MarkValues.timeBefore("2026-01-02 10:00:00", Duration.ofSeconds(5)))
        .isEqualTo("'2026-01-02 09:59:55.000000'");
    assertThat(MarkValues.timeBefore("2026-01-02 00:00:01.25+00", Duration.ofSeconds(2)))
        .isEqualTo("'2026-01-01 23:59:59.250000+00'");
    assertThat(MarkValues.timeBefore("2026-01-02 10:00:00.000000", Duration.ZERO))
        .isEqualTo("'2026-01-02 10:00:00.000000'");
    assertThat(MarkValues.timeBefore("2026-01-02", Duration.ofSeconds(5)))
        .isEqualTo("'2026-01-01'");
  }

  @Test
  void aMarkThatIsNoValueIsNeverWrittenIntoTheCondition() {
    assertThatThrownBy(() -> MarkValues.timeBefore("2026-01-02' OR 1=1 --", Duration.ZERO))
        .isInstanceOf(FerryException.class).hasMessageContaining("sync_watermarks");
    assertThatThrownBy(() -> MarkValues.numberBelow("1 OR 1=1", null))
        .isInstanceOf(FerryException.class);
  }

  @Test
  void aMarkReadsBackAsTheValueNewerWinsComparesInItsForm() {
    assertThat(MarkValues.value(" 12.50 ", true)).isEqualTo(new java.math.BigDecimal("12.50"));
    assertThat(MarkValues.value("2026-12-08", false))
        .isEqualTo(java.time.LocalDate.of(2026, 12, 8));
    assertThat(MarkValues.value("2026-12-08 10:15:30.25", false))
        .isEqualTo(java.time.LocalDateTime.of(2026, 12, 8, 10, 15, 30, 250_000_000));
    assertThat(MarkValues.value("2026-12-08 10:15:30+01", false)).isEqualTo(
        java.time.OffsetDateTime.parse("2026-12-08T10:15:30+01:00"));
    assertThat(MarkValues.value("2026-12-08T10:15:30Z", false)).isEqualTo(
        java.time.OffsetDateTime.parse("2026-12-08T10:15:30Z"));
    assertThatThrownBy(() -> MarkValues.value("tomorrow", false))
        .isInstanceOf(FerryException.class);
    assertThatThrownBy(() -> MarkValues.value("2026-12-08", true))
        .isInstanceOf(FerryException.class);
  }
}
