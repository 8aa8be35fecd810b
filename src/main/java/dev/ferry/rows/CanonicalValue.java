package dev.ferry.rows;

import dev.ferry.catalog.Column;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * The canonical encoding: one text per value, the same whichever engine held it and whichever Java
 * type the driver chose, so that checksums over it compare across PostgreSQL, MariaDB, SQLite and
 * bundles (docs/verification.md, "Canonical encoding"). Version {@value #VERSION}.
 *
 * <p>An instance encodes one column: its {@link ValueKind} plus the few column facts that change
 * how a value must be read (a single-precision float, a blank-padded CHAR, JSON). {@link
 * #pair(CanonicalValue)} merges the facts of a source and a target column, so both sides of a
 * comparison encode alike.
 *
 * @param kind the column's kind
 * @param singlePrecision a 32-bit float column: values are rounded to binary32 first, because
 *     drivers widen the same float differently (text or binary protocol)
 * @param padded a fixed-length CHAR column: trailing spaces are padding, not data, and are removed
 * @param json the values are JSON documents: compared as parsed JSON (keys sorted, no spacing)
 * @param integerAsBoolean integers 0 and 1 stand for false and true (a BOOLEAN column on the other
 *     side: engines without a boolean type keep 0/1)
 * @param decimalFloat floats stand for decimals and are written as decimals (a SQLite column
 *     declared DECIMAL or NUMERIC, which SQLite keeps as binary floats, or a DECIMAL or INTEGER
 *     column on the other side)
 * @param dateAsTimestamp dates are written as the timestamp at their midnight (a TIMESTAMP column
 *     on the other side, or a TIMESTAMP_TZ one at UTC midnight: the value a copy writes there)
 */
public record CanonicalValue(ValueKind kind, boolean singlePrecision, boolean padded, boolean json,
    boolean integerAsBoolean, boolean decimalFloat, boolean dateAsTimestamp) {

  /** The encoding's version, recorded in every artifact that holds checksums. */
  public static final String VERSION = "ferry-canonical-3";

  private static final Set<String> SINGLE_PRECISION = Set.of("float4", "real");
  private static final HexFormat HEX = HexFormat.of();
  /** What the canonical text of bytes starts with; a text starting so gets one more backslash. */
  static final String BINARY_PREFIX = "\\x";
  /** What a date paired with a timestamp is followed by. */
  static final String MIDNIGHT = "T00:00:00";

  /** The plain encoding of a kind, without column facts. */
  public static CanonicalValue of(ValueKind kind) {
    return new CanonicalValue(kind, false, false, kind == ValueKind.JSON, false, false, false);
  }

  /**
   * The encoding of a catalog column. Its {@link #kind()} is the kind values are read as: the
   * column's {@link ValueKind}, except that SQLite columns declared as dates or timestamps are
   * read as such even where SQLite reports them as text.
   *
   * @param engine the dialect id of the endpoint holding it (SQLite's REAL is 64-bit)
   */
  public static CanonicalValue of(Column column, String engine) {
    ValueKind kind = ValueKind.of(column);
    String type = column.type() == null ? "" : column.type().toLowerCase(Locale.ROOT);
    if ("sqlite".equals(engine) && kind == ValueKind.TEXT) {
      // SQLite keeps dates as text in columns it reports as text: read them by the declared type
      kind = type.contains("timestamp") || type.contains("datetime") ? ValueKind.TIMESTAMP
          : type.equals("date") ? ValueKind.DATE : type.equals("time") ? ValueKind.TIME : kind;
    }
    // binary32 columns: JDBC type REAL everywhere (PostgreSQL float4, MariaDB FLOAT, SQL Server
    // and H2 REAL), except SQLite, whose REAL is binary64
    boolean single = kind == ValueKind.FLOAT && !"sqlite".equals(engine)
        && ("REAL".equals(column.jdbcType()) || SINGLE_PRECISION.contains(type)
            || type.equals("float") && "mariadb".equals(engine));
    boolean padded = (kind == ValueKind.TEXT || kind == ValueKind.ENUM)
        && ("CHAR".equals(column.jdbcType()) || "NCHAR".equals(column.jdbcType()));
    boolean decimal = kind == ValueKind.FLOAT && "sqlite".equals(engine)
        && (type.contains("dec") || type.contains("num"));
    return new CanonicalValue(kind, single, padded, kind == ValueKind.JSON, false, decimal,
        false);
  }

  /**
   * This column's encoding for comparison with {@code other}: a fact true on either side applies
   * to both, so that a float4 copied into a float8, a CHAR(5) into a VARCHAR(5), a JSON text into
   * jsonb, a BOOLEAN into a TINYINT, a DECIMAL into a float, or a DATE into a TIMESTAMP compare
   * equal when they hold the same data (the rules of {@code transfer.SameValue}).
   */
  public CanonicalValue pair(CanonicalValue other) {
    boolean bool = kind == ValueKind.INTEGER && other.kind == ValueKind.BOOLEAN;
    boolean decimal = decimalFloat || other.decimalFloat || kind == ValueKind.FLOAT
        && (other.kind == ValueKind.DECIMAL || other.kind == ValueKind.INTEGER);
    boolean midnight = kind == ValueKind.DATE && (other.kind == ValueKind.TIMESTAMP
        || other.kind == ValueKind.TIMESTAMP_TZ);
    // a text compared with a uuid is read as the UUID it spells (lower-case, as the uuid is)
    ValueKind read = kind == ValueKind.TEXT && other.kind == ValueKind.UUID ? ValueKind.UUID
        : kind;
    return new CanonicalValue(read, singlePrecision || other.singlePrecision,
        padded || other.padded, json || other.json, bool, decimal, midnight);
  }

  /** The canonical text of a value of a kind, without column facts; null for NULL. */
  public static String encode(Object value, ValueKind kind) {
    return of(kind).encode(value);
  }

  /**
   * The canonical text of one value, or null for NULL.
   *
   * <p>Integers in decimal without leading zeros or sign for zero; decimals without trailing zeros
   * and without exponent ({@code 1.50} and {@code 1.5} are {@code 1.5}); floats as the 16 hex
   * digits of their IEEE-754 binary64 bits ({@code -0.0} as {@code 0.0}, every NaN as one NaN);
   * booleans {@code true}/{@code false}; text as is; binary as lower-case hex; dates {@code
   * yyyy-MM-dd}; times {@code HH:mm:ss} and a fraction without trailing zeros; timestamps date
   * {@code T} time; timestamps with zone converted to UTC and written as timestamps; UUIDs
   * lower-case; infinite dates {@code infinity}/{@code -infinity}. A value held as text where
   * its kind expected another type (SQLite's unparseable dates, PostgreSQL's numeric NaN) is its
   * text.
   */
  public String encode(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof ServerText) {
      CanonicalBytes out = new CanonicalBytes();
      encodeTo(value, out);
      return out.toString();
    }
    if (value instanceof String s) {
      if (kind == ValueKind.UUID) {
        return s.toLowerCase(Locale.ROOT);
      }
      return text(json ? CanonicalJson.canonical(s) : padded ? stripTrailingSpaces(s) : s);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger) {
      String text = value.toString();
      if (integerAsBoolean && (text.equals("0") || text.equals("1"))) {
        return text.equals("1") ? "true" : "false";
      }
      return text;
    }
    if (value instanceof BigDecimal d) {
      return decimal(d);
    }
    if (value instanceof Double d) {
      return CanonicalFloat.text(d, singlePrecision, decimalFloat);
    }
    if (value instanceof Float f) {
      return CanonicalFloat.text(f.doubleValue(), singlePrecision, decimalFloat);
    }
    if (value instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (value instanceof byte[] bytes) {
      return BINARY_PREFIX + HEX.formatHex(bytes);
    }
    if (value instanceof LocalDate d) {
      return dateAsTimestamp && !d.equals(LocalDate.MAX) && !d.equals(LocalDate.MIN)
          ? CanonicalTime.date(d) + MIDNIGHT : CanonicalTime.date(d);
    }
    if (value instanceof LocalTime t) {
      return CanonicalTime.time(t);
    }
    if (value instanceof LocalDateTime t) {
      return CanonicalTime.timestamp(t);
    }
    if (value instanceof OffsetDateTime t) {
      return CanonicalTime.utc(t);
    }
    if (value instanceof ZonedDateTime t) {
      return CanonicalTime.utc(t.toOffsetDateTime());
    }
    if (value instanceof Instant i) {
      return CanonicalTime.timestamp(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
    }
    return text(value.toString());
  }

  /** Text as canonical text: a leading backslash doubled, so that no text reads as bytes. */
  static String text(String s) {
    return s.startsWith("\\") ? "\\" + s : s;
  }

  /**
   * Writes the canonical text of one value in UTF-8 to {@code out} (cleared first): exactly the
   * bytes of {@link #encode(Object)}, written directly for the common types.
   *
   * @return false for NULL (nothing written)
   */
  public boolean encodeTo(Object value, CanonicalBytes out) {
    out.clear();
    if (value == null) {
      return false;
    }
    if (value instanceof ServerText t) {
      CanonicalServerText.write(this, t.utf8(), 0, t.utf8().length, out);
    } else if (value instanceof String s && !json && kind != ValueKind.UUID) {
      if (s.startsWith("\\")) {
        out.put((byte) '\\');
      }
      out.utf8(s, padded ? withoutTrailingSpaces(s) : s.length());
    } else if (value instanceof Long l && !integerAsBoolean) {
      out.decimal(l);
    } else if (value instanceof Integer i && !integerAsBoolean) {
      out.decimal(i);
    } else if (value instanceof LocalDateTime t && CanonicalTime.plainYear(t.getYear())) {
      CanonicalTime.date(t.toLocalDate(), out);
      out.put((byte) 'T');
      CanonicalTime.time(t.toLocalTime(), out);
    } else if (value instanceof LocalDate d && CanonicalTime.plainYear(d.getYear())) {
      CanonicalTime.date(d, out);
      if (dateAsTimestamp) {
        out.utf8(MIDNIGHT);
      }
    } else if (value instanceof Boolean b) {
      out.utf8(b ? "true" : "false");
    } else if (value instanceof Double d && !decimalFloat) {
      out.hex(CanonicalFloat.bits(d, singlePrecision));
    } else if (value instanceof byte[] bytes) {
      out.put((byte) '\\');
      out.put((byte) 'x');
      out.hex(bytes);
    } else {
      out.utf8(encode(value));
    }
    return true;
  }

  /**
   * Whether a value's text in a plain form of this column's kind ({@link ServerText}) is its
   * canonical text as it is (integers, bytes as {@code \\x} and hex, text and its kin, dates,
   * UUIDs), except a text that starts with a backslash ({@link #escapesText()}): then it is
   * hashed where it lies, without {@link #encodeText}.
   */
  public boolean textIsCanonical() {
    return switch (kind) {
      case INTEGER -> !integerAsBoolean;
      case BINARY -> true;
      case DATE -> !dateAsTimestamp;
      case TEXT, ENUM, ARRAY, OTHER, UUID -> !json && !padded;
      default -> false;
    };
  }

  /** Whether a value's text starting with a backslash gets one more in its canonical text. */
  public boolean escapesText() {
    return switch (kind) {
      case TEXT, ENUM, ARRAY, OTHER, JSON -> true;
      default -> false;
    };
  }

  /**
   * Writes the canonical text of one value given as PostgreSQL's text in a plain form of this
   * column's kind ({@link ServerText}), {@code b[from, to)}, to {@code out} (cleared first).
   */
  public void encodeText(byte[] b, int from, int to, CanonicalBytes out) {
    out.clear();
    CanonicalServerText.write(this, b, from, to, out);
  }

  static String decimal(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }

  private static String stripTrailingSpaces(String s) {
    int end = withoutTrailingSpaces(s);
    return end == s.length() ? s : s.substring(0, end);
  }

  private static int withoutTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return end;
  }

  /**
   * A canonical text as people read it, for reports: floats as a decimal of 17 significant digits
   * (exact to the bit, independent of the JDK's float printing), everything else as it is, cut
   * to {@code max} characters with a trailing {@code …}.
   */
  public String display(String canonical, int max) {
    if (canonical == null) {
      return null;
    }
    String text = canonical;
    if (kind == ValueKind.FLOAT && !decimalFloat && canonical.matches("[0-9a-f]{16}")) {
      text = CanonicalFloat.readable(canonical);
    }
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
