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
    BigDecimal value;
    try {
      value = new BigDecimal(mark.strip());
    } catch (NumberFormatException e) {
      throw unreadable(mark);
    }
    BigDecimal lower = overlap == null ? value : value.subtract(overlap);
    return lower.toPlainString();
  }

  /** {@code mark - overlap} of a timestamp or date column, as a quoted literal. */
  static String timeBefore(String mark, Duration overlap) {
    Matcher m = TIME.matcher(mark.strip());
    if (!m.matches()) {
      throw unreadable(mark);
    }
    LocalDate date = LocalDate.parse(m.group(1));
    if (m.group(2) == null) {
      long days = (overlap.toSeconds() + 86_399) / 86_400;
      return "'" + date.minusDays(days) + "'";
    }
    String fraction = m.group(3) == null ? "" : m.group(3).substring(1);
    LocalDateTime time = LocalDateTime.of(date, LocalTime.parse(m.group(2)))
        .plusNanos(Long.parseLong((fraction + "000000000").substring(0, 9)))
        .minus(overlap);
    String zone = m.group(4) == null ? "" : m.group(4);
    return "'" + WRITTEN.format(time) + zone + "'";
  }

  /**
   * A recorded mark as a value {@code newer-wins} compares ({@link dev.ferry.api.Prevail}): a
   * number as a {@link BigDecimal}; a date, a timestamp, or one with its offset as such.
   */
  static Object value(String mark, boolean number) {
    if (number) {
      try {
        return new BigDecimal(mark.strip());
      } catch (NumberFormatException e) {
        throw unreadable(mark);
      }
    }
    Matcher m = TIME.matcher(mark.strip());
    if (!m.matches()) {
      throw unreadable(mark);
    }
    LocalDate date = LocalDate.parse(m.group(1));
    if (m.group(2) == null) {
      return date;
    }
    String fraction = m.group(3) == null ? "" : m.group(3).substring(1);
    LocalDateTime time = LocalDateTime.of(date, LocalTime.parse(m.group(2)))
        .plusNanos(Long.parseLong((fraction + "000000000").substring(0, 9)));
    if (m.group(4) == null) {
      return time;
    }
    String zone = m.group(4).equals("Z") || m.group(4).length() > 3 ? m.group(4)
        : m.group(4) + ":00";
    return time.atOffset(java.time.ZoneOffset.of(zone));
  }

  private static FerryException unreadable(String mark) {
    return new FerryException(ErrorCode.UNEXPECTED, "the recorded watermark '" + mark
        + "' is not a value ferry can read back; delete the job's rows of sync_watermarks in"
        + " the target's state schema, and the next cycle reads every row again");
  }
}
