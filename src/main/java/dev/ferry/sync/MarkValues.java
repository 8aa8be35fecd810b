package dev.ferry.sync;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A watermark's lower bound as SQL: the recorded mark (the source's own text of its maximum)
 * less the overlap, written as a literal that ferry formats from the parsed value, never from
 * text as it came: digits and separators only, so it cannot be anything but a value. A
 * literal, not a parameter, because the bound goes into every read of the table, PostgreSQL's
 * {@code COPY (…) TO STDOUT} included, which takes no parameters.
 */
final class MarkValues {

  private static final Pattern TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:[ T]"
      + "(\\d{2}:\\d{2}:\\d{2})(\\.\\d{1,9})?)?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");
  private static final DateTimeFormatter WRITTEN =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private MarkValues() {}

  /** {@code mark - overlap} of a number column, as a numeric literal. */
  static String numberBelow(String mark, BigDecimal overlap) {
    BigDecimal value = number(mark);
    BigDecimal lower = overlap == null ? value : value.subtract(overlap);
    return lower.toPlainString();
  }

  /** {@code mark - overlap} of a timestamp or date column, as a quoted literal. */
  static String timeBefore(String mark, Duration overlap) {
    Time t = time(mark);
    if (t.time() == null) {
      long days = (overlap.toSeconds() + 86_399) / 86_400;
      return "'" + t.date().minusDays(days) + "'";
    }
    return "'" + WRITTEN.format(t.time().minus(overlap)) + (t.zone() == null ? "" : t.zone())
        + "'";
  }

  /**
   * A recorded mark as a value {@code newer-wins} compares ({@link dev.ferry.api.Prevail}): a
   * number as a {@link BigDecimal}; a date, a timestamp, or one with its offset as such.
   */
  static Object value(String mark, boolean number) {
    if (number) {
      return number(mark);
    }
    Time t = time(mark);
    if (t.time() == null) {
      return t.date();
    }
    if (t.zone() == null) {
      return t.time();
    }
    String zone = t.zone().equals("Z") || t.zone().length() > 3 ? t.zone() : t.zone() + ":00";
    return t.time().atOffset(java.time.ZoneOffset.of(zone));
  }

  private static BigDecimal number(String mark) {
    try {
      return new BigDecimal(mark.strip());
    } catch (NumberFormatException e) {
      throw unreadable(mark);
    }
  }

  /**
   * A mark of a time column as the source wrote it.
   *
   * @param time null for a date alone
   * @param zone its offset as written ({@code Z}, {@code +01}, {@code +0100}); null for none
   */
  private record Time(LocalDate date, LocalDateTime time, String zone) {}

  private static Time time(String mark) {
    Matcher m = TIME.matcher(mark.strip());
    if (!m.matches()) {
      throw unreadable(mark);
    }
    LocalDate date = LocalDate.parse(m.group(1));
    if (m.group(2) == null) {
      return new Time(date, null, null);
    }
    String fraction = m.group(3) == null ? "" : m.group(3).substring(1);
    LocalDateTime time = LocalDateTime.of(date, LocalTime.parse(m.group(2)))
        .plusNanos(Long.parseLong((fraction + "000000000").substring(0, 9)));
    return new Time(date, time, m.group(4));
  }

  private static FerryException unreadable(String mark) {
    return new FerryException(ErrorCode.UNEXPECTED, "the recorded watermark '" + mark
        + "' is not a value ferry can read back; delete the job's rows of sync_watermarks in"
        + " the target's state schema, and the next cycle reads every row again");
  }
}
