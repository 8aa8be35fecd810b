package dev.ferry.rows;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The canonical texts of dates and times ({@link CanonicalValue}): ISO forms, years of at least
 * four digits and ISO numbering before year 1, fractions without trailing zeros, infinities.
 */
final class CanonicalTime {

  private CanonicalTime() {}

  /** Years written as exactly four digits without sign: no padding, no infinity. */
  static boolean plainYear(int year) {
    return year >= 1000 && year <= 9999;
  }

  static void date(LocalDate d, CanonicalBytes out) {
    out.decimal(d.getYear());
    out.put((byte) '-');
    out.two(d.getMonthValue());
    out.put((byte) '-');
    out.two(d.getDayOfMonth());
  }

  static void time(LocalTime t, CanonicalBytes out) {
    out.two(t.getHour());
    out.put((byte) ':');
    out.two(t.getMinute());
    out.put((byte) ':');
    out.two(t.getSecond());
    int nanos = t.getNano();
    if (nanos != 0) {
      int digits = 9;
      while (nanos % 10 == 0) {
        nanos /= 10;
        digits--;
      }
      out.put((byte) '.');
      int start = out.length;
      for (int i = 0; i < digits; i++) {
        out.put((byte) '0');
      }
      for (int i = out.length - 1; nanos > 0 && i >= start; i--) {
        out.bytes[i] = (byte) ('0' + nanos % 10);
        nanos /= 10;
      }
    }
  }

  static String date(LocalDate d) {
    if (d.equals(LocalDate.MAX)) {
      return "infinity";
    }
    if (d.equals(LocalDate.MIN)) {
      return "-infinity";
    }
    int year = d.getYear();
    String y = year < 0 ? "-" + pad(-year) : pad(year);
    return y + "-" + two(d.getMonthValue()) + "-" + two(d.getDayOfMonth());
  }

  static String time(LocalTime t) {
    StringBuilder s = new StringBuilder(18).append(two(t.getHour())).append(':')
        .append(two(t.getMinute())).append(':').append(two(t.getSecond()));
    int nanos = t.getNano();
    if (nanos != 0) {
      int digits = 9;
      while (nanos % 10 == 0) {
        nanos /= 10;
        digits--;
      }
      String fraction = Integer.toString(nanos);
      s.append('.');
      for (int i = fraction.length(); i < digits; i++) {
        s.append('0');
      }
      s.append(fraction);
    }
    return s.toString();
  }

  static String timestamp(LocalDateTime t) {
    if (t.equals(LocalDateTime.MAX)) {
      return "infinity";
    }
    if (t.equals(LocalDateTime.MIN)) {
      return "-infinity";
    }
    return date(t.toLocalDate()) + "T" + time(t.toLocalTime());
  }

  static String utc(OffsetDateTime t) {
    if (t.toLocalDateTime().equals(LocalDateTime.MAX)) {
      return "infinity";
    }
    if (t.toLocalDateTime().equals(LocalDateTime.MIN)) {
      return "-infinity";
    }
    try {
      return timestamp(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
    } catch (DateTimeException e) {
      return t.getYear() > 0 ? "infinity" : "-infinity";
    }
  }

  private static String pad(int year) {
    String digits = Integer.toString(year);
    return digits.length() >= 4 ? digits : "0".repeat(4 - digits.length()) + digits;
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }
}
