package dev.ferry.copy;

import dev.ferry.catalog.Column;
import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.SqliteStorage;
import dev.ferry.rows.IntegerRange;
import dev.ferry.rows.SameValue;
import dev.ferry.rows.ValueKind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a source column's values fit a target column. Declared types decide where they can:
 * kinds that cannot convert ({@link SameValue}) are refused, a text of up to 100 characters fits
 * a column of 255. Where they cannot prove the fit (longer or unbounded text into a bounded
 * column, a wider integer type, more digits, floats into an engine without NaN, SQLite, which
 * enforces no declared type), the judgement is a list of {@link Doubt}s: conditions that
 * {@link ValueFit} measures on the source's values before refusing anything.
 */
final class TypeFit {

  private static final Set<ValueKind> TEXTUAL = SameValue.TEXTUAL;
  private static final Set<ValueKind> TEMPORAL = java.util.EnumSet.of(ValueKind.DATE,
      ValueKind.TIMESTAMP, ValueKind.TIMESTAMP_TZ);
  /** Integers a binary64 holds exactly: up to 2^53 (binary32: 2^24). */
  private static final long EXACT_DOUBLE = 1L << 53;
  private static final long EXACT_FLOAT = 1L << 24;
  /** Significant digits every decimal of which a binary64 holds (DBL_DIG). */
  private static final int DOUBLE_DIGITS = 15;
  /** Declared sizes at or above this are "unbounded": text, clob, MariaDB MEDIUMTEXT (16 MiB). */
  private static final int UNBOUNDED = (1 << 24) - 1;

  private TypeFit() {}

  /**
   * A doubt the declared types leave about some values.
   *
   * @param condition SQL on the source, true for a value that does not fit
   * @param longest SQL for the figure to report of such values (a length), or null
   * @param what what such values are, plural: {@code are longer than 10 characters}
   * @param declared the refusal when the values cannot be measured (the source is a bundle), or
   *     null when declared types never refused it (then such a source is not refused for it)
   */
  record Doubt(String condition, String longest, String what, String declared) {}

  /**
   * What declared types say.
   *
   * @param refusal why no value can go there, or null
   * @param doubts what must be measured on the values
   */
  record Judgement(String refusal, List<Doubt> doubts) {}

  /** Why the source does not fit the target by declared types alone, or null (no doubts). */
  static String problem(Column source, Column target) {
    Judgement j = judge(source, null, null, target, null);
    return j.refusal() != null ? j.refusal()
        : j.doubts().isEmpty() ? null : j.doubts().get(0).declared();
  }

  /**
   * Judges a source column against its target.
   *
   * @param sourceEngine the source's dialect id, or null for a bundle
   * @param from the source's dialect (its SQL for lengths and non-finite values), or null when
   *     the values cannot be measured
   * @param to the target's dialect, or null when unknown
   */
  static Judgement judge(Column source, String sourceEngine, Dialect from, Column target,
      Dialect to) {
    return judge(source, sourceEngine, from, target, to, false);
  }

  /**
   * Judges a source column against its target, its zero dates turned into NULL when {@code
   * zeroDatesToNull} (a cast rule's {@code zero-dates: null}): then only the other dates that are
   * no day (a 31 April) are doubted.
   */
  static Judgement judge(Column source, String sourceEngine, Dialect from, Column target,
      Dialect to, boolean zeroDatesToNull) {
    ValueKind fromKind = ValueKind.of(source);
    ValueKind toKind = ValueKind.of(target);
    String refusal = SameValue.refusal(fromKind, toKind, to != null && to.zonelessAsUtc());
    if (refusal == null && fromKind == ValueKind.ARRAY && to != null && to.membersOnly(target)) {
      // Sakila's special_features: text[] on PostgreSQL, SET on MariaDB
      refusal = "an array is written as its literal ({a,b}), which is no member of a "
          + target.type() + "; make the target column text, or convert the column in the"
          + " source first";
    }
    if (refusal != null) {
      return new Judgement(refusal, List.of());
    }
    String q = from == null ? null : from.quote(source.name());
    List<Doubt> doubts = new ArrayList<>();
    if ("sqlite".equals(sourceEngine)) {
      // SQLite enforces no declared type: every value must be stored as its kind is
      ValueKind stored = fromKind == ValueKind.OTHER ? toKind : fromKind;
      String misfit = q == null ? null : SqliteStorage.misfit(q, stored);
      if (misfit != null) {
        doubts.add(new Doubt(misfit, null, "are not stored as " + SqliteStorage.expected(stored),
            null));
      }
    }
    text(source, fromKind, target, toKind, q, from, to, doubts);
    numbers(source, sourceEngine, fromKind, target, toKind, q, from, to, doubts);
    TemporalFit.doubts(source, fromKind, target, toKind, q, from, to, doubts);
    String zero = zeroDatesToNull && from != null ? from.zeroDate(q) : null;
    if (zero != null) {
      // a zero date is read as NULL: no other doubt (a range, a length) is about it
      doubts.replaceAll(d -> d.condition() == null ? d : new Doubt("(" + d.condition()
          + ") AND NOT " + zero, d.longest(), d.what(), d.declared()));
    }
    calendar(fromKind, q, from, doubts, zeroDatesToNull);
    return new Judgement(null, doubts);
  }

  /**
   * Dates and enum values the source engine keeps that are no day or label (MariaDB's zero
   * dates, its ENUM error value): its driver would hand a zero date over as NULL, and no other
   * engine stores them, so they are refused wherever they go. (MariaDB's TIME durations are
   * measured with the other numbers.)
   */
  private static void calendar(ValueKind fromKind, String q, Dialect from, List<Doubt> doubts,
      boolean zeroDatesToNull) {
    String day = from == null || !(fromKind == ValueKind.DATE || fromKind == ValueKind.TIMESTAMP)
        ? null : from.notCalendarDate(q);
    String zero = day == null || !zeroDatesToNull ? null : from.zeroDate(q);
    if (zero != null) {
      doubts.add(new Doubt("(" + day + " AND NOT " + zero + ")", null, "are invalid dates (a day"
          + " 31 of April, 2024-02-31), which only MariaDB stores; zero-dates: null turns only"
          + " zero dates (0000-00-00, a zero month or day) into NULL", null));
    } else if (day != null) {
      doubts.add(new Doubt(day, null, "are zero or invalid dates (0000-00-00, a zero month or"
          + " day, 2024-02-31), which only MariaDB stores and ferry does not turn into NULL",
          null));
    }
    String error = from == null || fromKind != ValueKind.ENUM ? null : from.enumErrorValue(q);
    if (error != null) {
      doubts.add(new Doubt(error, null, "are MariaDB's error value '' (an unknown label that a"
          + " non-strict SQL mode stored as index 0), which no enum takes back", null));
    }
  }

  private static void text(Column source, ValueKind fromKind, Column target, ValueKind toKind,
      String q, Dialect from, Dialect to, List<Doubt> doubts) {
    boolean bytes = to != null && to.lengthInBytes(target);
    if ((TEXTUAL.contains(fromKind) || fromKind == ValueKind.INTEGER
        || fromKind == ValueKind.DATE) && toKind == ValueKind.TEXT && bounded(target)) {
      // a UTF-8 character takes up to 4 bytes
      int need = TEXTUAL.contains(fromKind) && bounded(source) ? source.size() * (bytes ? 4 : 1)
          : fromKind == ValueKind.INTEGER ? 20 : fromKind == ValueKind.DATE ? 10
          : Integer.MAX_VALUE;
      if (need > target.size()) {
        String unit = bytes ? "bytes" : "characters";
        String length = q == null ? null : bytes ? from.octetLength(q) : from.characterLength(q);
        doubts.add(new Doubt(length == null ? null : length + " > " + target.size(), length,
            "are longer than " + target.size() + " " + unit, !TEXTUAL.contains(fromKind) ? null
                : (bounded(source) ? "up to " + source.size() + " characters" : "unbounded text")
                    + " into " + target.size() + " " + unit + "; widen the target column"));
      }
    }
    if (fromKind == ValueKind.TEXT && toKind == ValueKind.UUID && from != null) {
      // verify compares the text as the UUID it spells, in the target's lower-case form
      doubts.add(new Doubt(from.notUuid(q), null, "are not UUIDs (8-4-4-4-12 hex digits)",
          null));
    }
    String nul = from == null || to == null || to.storesNulInText()
        || !TEXTUAL.contains(fromKind) || !TEXTUAL.contains(toKind) ? null : from.containsNul(q);
    if (nul != null) {
      doubts.add(new Doubt(nul, null, "contain the character U+0000, which " + to.id()
          + " text cannot hold", null));
    }
    String wide = from == null || to == null || !to.onlyBmp(target)
        || !TEXTUAL.contains(fromKind) ? null : from.beyondBmp(q);
    if (wide != null) {
      doubts.add(new Doubt(wide, null, "have characters beyond the Basic Multilingual Plane"
          + " (4 bytes in UTF-8, an emoji say), which a " + target.charset() + " column cannot"
          + " store (utf8mb4 can)", null));
    }
    if (fromKind == ValueKind.TEXT && toKind == ValueKind.ARRAY && from != null) {
      // an array column takes its engine's literal; MariaDB's SET reads as 'a,b', which is none
      doubts.add(new Doubt("NOT (" + q + " LIKE '{%}')", null, "are not array literals ({...}), as"
          + " MariaDB's SET values ('a,b') are not", null));
    }
    if (fromKind == ValueKind.BINARY && toKind == ValueKind.BINARY && bounded(target)
        && !(bounded(source) && source.size() <= target.size())) {
      String length = q == null ? null : from.binaryLength(q);
      doubts.add(new Doubt(length == null ? null : length + " > " + target.size(), length,
          "are longer than " + target.size() + " bytes", (bounded(source) ? "up to "
              + source.size() + " bytes" : "unbounded bytes") + " into " + target.size()
              + "; widen the target"));
    }
  }

  private static void numbers(Column source, String sourceEngine, ValueKind fromKind,
      Column target, ValueKind toKind, String q, Dialect from, Dialect to, List<Doubt> doubts) {
    if (fromKind == ValueKind.INTEGER && toKind == ValueKind.INTEGER) {
      IntegerRange have = IntegerRange.of(source, sourceEngine);
      IntegerRange fit = IntegerRange.of(target, to == null ? null : to.id());
      if (fit != null && (have == null || !have.within(fit))) {
        doubts.add(new Doubt(q == null ? null : "(" + q + " < " + fit.min() + " OR " + q + " > "
            + fit.max() + ")", null, "lie outside " + fit, "integers of " + (have == null
                ? "any size" : have.toString()) + " into " + fit + "; widen the target column"));
      } else if (fit == null && have == null && source.size() != null && target.size() != null
          && target.size() < source.size() && source.size() < 100) {
        doubts.add(new Doubt(null, null, null, source.size() + "-digit integers into "
            + target.size() + "-digit integers; widen the target column"));
      }
    }
    if (fromKind == ValueKind.BOOLEAN && source.type() != null
        && source.type().toLowerCase(java.util.Locale.ROOT).contains("int")) {
      // MariaDB's TINYINT(1) reads as a boolean: a 2 would arrive as 1
      doubts.add(new Doubt(q == null ? null : q + " NOT IN (0, 1)", null, "are neither 0 nor 1,"
          + " which a boolean cannot keep apart", null));
    }
    if (fromKind == ValueKind.INTEGER && toKind == ValueKind.BOOLEAN) {
      doubts.add(new Doubt(q == null ? null : q + " NOT IN (0, 1)", null, "are neither 0 nor 1",
          null));
    }
    if (toKind == ValueKind.DECIMAL && target.size() != null && target.size() > 0
        && target.size() < UNBOUNDED && (fromKind == ValueKind.DECIMAL
            || fromKind == ValueKind.INTEGER || fromKind == ValueKind.FLOAT)) {
      decimal(source, sourceEngine, fromKind, target, q, from, doubts);
    }
    if (toKind == ValueKind.FLOAT) {
      exactFloat(source, sourceEngine, fromKind, target, q, from, to, doubts);
    }
    if (TEMPORAL.contains(fromKind) && TEMPORAL.contains(toKind) && to != null && from != null
        && !to.storedNonFinite().contains("infinity")) {
      String special = from.nonFinite(q, Set.of("infinity", "-infinity"));
      if (special != null) {
        doubts.add(new Doubt(special, null, "are infinity or -infinity, which " + to.id()
            + " cannot store", null));
      }
    }
    if (fromKind == ValueKind.TIME && from != null) {
      // MariaDB's TIME is a duration of up to 838 hours; a time of day would wrap it
      String beyond = from.notTimeOfDay(q);
      if (beyond != null) {
        doubts.add(new Doubt(beyond, null, "are durations outside a day (before 00:00:00 or"
            + " from 24:00:00), which ferry carries only as a time of day", null));
      }
    }
    if ((fromKind == ValueKind.FLOAT || fromKind == ValueKind.DECIMAL)
        && (toKind == ValueKind.FLOAT || toKind == ValueKind.DECIMAL) && to != null) {
      Set<String> unstorable = new TreeSet<>(Set.of("NaN", "Infinity", "-Infinity"));
      // dates' infinity is spelt in lower case, floats' with a capital

      unstorable.removeAll(to.storedNonFinite());
      String special = from == null ? null : from.nonFinite(q, unstorable);
      if (!unstorable.isEmpty() && special != null) {
        doubts.add(new Doubt(special, null, "are " + String.join(" or ", unstorable)
            + ", which " + to.id() + " cannot store", null));
      }
    }
  }

  /** Digits before and after the point: declared, else measured. */
  private static void decimal(Column source, String sourceEngine, ValueKind fromKind,
      Column target, String q, Dialect from, List<Doubt> doubts) {
    int targetScale = target.scale() == null ? 0 : target.scale();
    int targetInteger = target.size() - targetScale;
    int sourceScale = source.scale() == null ? 0 : source.scale();
    Integer sourceInteger;
    if (fromKind == ValueKind.INTEGER) {
      IntegerRange range = IntegerRange.of(source, sourceEngine);
      BigInteger widest = range == null ? null : range.max().max(range.min().negate());
      sourceInteger = widest == null ? null : widest.toString().length();
      sourceScale = 0;
    } else if (fromKind == ValueKind.FLOAT) {
      sourceInteger = null;
    } else {
      sourceInteger = source.size() == null || source.size() <= 0 || source.size() >= UNBOUNDED
          || "sqlite".equals(sourceEngine) ? null : source.size() - sourceScale;
    }
    // declared sizes refuse (where values cannot be measured) only a decimal of known size
    boolean known = fromKind == ValueKind.DECIMAL && sourceInteger != null;
    String declared = "numeric(" + source.size() + "," + sourceScale + ") into numeric("
        + target.size() + "," + targetScale + "); widen the target column";
    if (sourceInteger == null || sourceInteger > targetInteger) {
      doubts.add(new Doubt(q == null ? null : "abs(" + q + ") >= 1e" + targetInteger, null,
          "have more than " + targetInteger + " digits before the point", known ? declared
              : null));
    }
    if (fromKind == ValueKind.FLOAT || fromKind == ValueKind.DECIMAL && (sourceScale
        > targetScale || source.scale() == null || "sqlite".equals(sourceEngine))) {
      // on SQLite only numbers are measured: text or a blob in the column is refused by its
      // storage class above, and would compare unequal to any rounding of it
      doubts.add(new Doubt(q == null ? null : ("sqlite".equals(sourceEngine) ? "NOT "
          + SqliteStorage.misfit(q, fromKind) + " AND " : "") + q + " <> "
          + from.round(q, targetScale), null,
          "have more than " + targetScale + " digits after the point",
          known && sourceScale > targetScale ? declared : null));
    }
  }

  /**
   * Integers and decimals into a float must come out as the same decimal: integers up to 2^53
   * (2^24 into a single-precision column), decimals of up to 15 significant digits are proven;
   * others are measured where the source can say whether the float holds them.
   */
  private static void exactFloat(Column source, String sourceEngine, ValueKind fromKind,
      Column target, String q, Dialect from, Dialect to, List<Doubt> doubts) {
    if (fromKind == ValueKind.INTEGER) {
      long limit = singlePrecision(target, to) ? EXACT_FLOAT : EXACT_DOUBLE;
      IntegerRange have = IntegerRange.of(source, sourceEngine);
      IntegerRange exact = new IntegerRange(BigInteger.valueOf(-limit), BigInteger.valueOf(limit));
      if (have == null || !have.within(exact)) {
        doubts.add(new Doubt(q == null ? null : "abs(" + q + ") > " + limit, null,
            "are beyond " + limit + ", which a float cannot hold exactly", null));
      }
    } else if (fromKind == ValueKind.DECIMAL && !"sqlite".equals(sourceEngine)) {
      // SQLite's decimals are binary64 already
      int digits = singlePrecision(target, to) ? 6 : DOUBLE_DIGITS;
      if (source.size() == null || source.size() <= 0 || source.size() > digits) {
        String changed = q == null ? null : from.floatRoundTrip(q, singlePrecision(target, to));
        doubts.add(new Doubt(changed, null, "change when held as a float", from == null ? null
            : "decimals of more than " + digits + " digits into a float, which would round them;"
                + " " + from.id() + " cannot tell which"));
      }
    }
  }

  private static boolean singlePrecision(Column target, Dialect to) {
    String type = target.type() == null ? "" : target.type().toLowerCase(java.util.Locale.ROOT);
    return "REAL".equals(target.jdbcType()) && !(to != null && "sqlite".equals(to.id()))
        || type.equals("float4") || type.equals("float") && to != null
            && "mariadb".equals(to.id());
  }

  private static boolean bounded(Column c) {
    return c.size() != null && c.size() > 0 && c.size() < UNBOUNDED;
  }
}
