package dev.ferry.rows;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** Dates and times that engines store as text (SQLite), and keys written as text: ISO forms. */
public final class TemporalText {

  /** Strict: a 31 April stays text instead of becoming 30 April (SMART's resolving). */
  private static final DateTimeFormatter SPACE_TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]")
          .withResolverStyle(ResolverStyle.STRICT);

  private TemporalText() {}

  /** Parses ISO forms into {@code type}; text that is not one stays the text. */
  public static Object parse(String text, Class<?> type) {
    try {
      if (type == LocalDate.class) {
        return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
      }
      if (type == LocalTime.class) {
        return LocalTime.parse(text);
      }
      if (type == LocalDateTime.class) {
        return text.indexOf('T') > 0 ? LocalDateTime.parse(text)
            : LocalDateTime.parse(text, SPACE_TIMESTAMP);
      }
      return OffsetDateTime.parse(text.replace(' ', 'T'));
    } catch (DateTimeParseException e) {
      return text;
    }
  }
}
