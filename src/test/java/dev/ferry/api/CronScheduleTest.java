package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A job's cron: the next time after a given one, in UTC, as Unix cron reads the five fields. */
class CronScheduleTest {

  static Instant next(String cron, String after) {
    return CronSchedule.parse(cron).next(Instant.parse(after));
  }

  @Test
  void theNextTimeIsTheFirstMatchStrictlyAfterInUtc() {
    assertThat(next("*/5 * * * *", "2026-12-06T23:22:10Z"))
        .isEqualTo(Instant.parse("2026-12-06T23:25:00Z"));
    // on a matching minute: the next one, never the same
    assertThat(next("*/5 * * * *", "2026-12-06T23:25:00Z"))
        .isEqualTo(Instant.parse("2026-12-06T23:30:00Z"));
    assertThat(next("30 2 * * *", "2026-12-06T23:22:10Z"))
        .isEqualTo(Instant.parse("2026-12-07T02:30:00Z"));
    // day of week 1 is Monday: 2026-12-07 is one
    assertThat(next("0 9 * * 1", "2026-12-03T10:00:00Z"))
        .isEqualTo(Instant.parse("2026-12-07T09:00:00Z"));
    assertThat(next("0 0 1 1 *", "2026-12-06T23:22:10Z"))
        .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(next("0 0 29 2 *", "2026-03-01T00:00:00Z"))
        .isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
  }

  @Test
  void whatIsNoFiveFieldExpressionIsRefused() {
    assertThatThrownBy(() -> CronSchedule.parse("* * * *"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("five fields");
    assertThatThrownBy(() -> CronSchedule.parse("0 * * * * *"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("five fields");
    assertThatThrownBy(() -> CronSchedule.parse("60 * * * *"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CronSchedule.parse("0 0 31 4 *"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matches no date");
  }
}
