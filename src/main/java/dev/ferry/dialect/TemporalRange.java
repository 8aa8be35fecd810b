package dev.ferry.dialect;

import java.time.LocalDateTime;

/**
 * The dates and times a target column holds, both ends included.
 *
 * @param min the earliest
 * @param max the latest
 * @param note how to read the range, or null: {@code UTC} where the engine keeps instants
 */
public record TemporalRange(LocalDateTime min, LocalDateTime max, String note) {

  /** {@code yyyy-MM-dd HH:mm:ss}, and the fraction of a second where there is one. */
  public static String text(LocalDateTime t) {
    String iso = t.toString().replace('T', ' ');
    return t.getSecond() == 0 && t.getNano() == 0 ? iso + ":00" : iso;
  }
}
