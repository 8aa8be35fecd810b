package dev.ferry.script;

import dev.ferry.api.ErrorCode;
import dev.ferry.api.FerryException;
import dev.ferry.transfer.ValueKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Identifiers and values as SQL text for one target dialect. What differs between dialects is data
 * ({@link Spec}): the identifier quotes, how strings escape, how binary and temporal literals are
 * spelled, and whether floating-point NaN and infinities exist. Every literal is self-contained: it
 * does not depend on session settings the script does not set itself.
 */
public final class SqlLiterals {

  /** How strings are written. */
  enum Strings {
    /** {@code 'x'} with {@code ''}; {@code E'...'} escapes when backslashes or controls occur. */
    POSTGRES,
    /** {@code 'x'} with {@code ''} and backslash escapes ({@code \\ \0 \n \r \Z}): MySQL. */
    BACKSLASH,
    /**
     * {@code 'x'}, {@code N'x'} beyond ASCII, a UTF-16 hex cast for line breaks, other control
     * characters and backslashes (so that no line of a script is ever {@code GO} inside a value,
     * and no tool reads {@code \'} as an escaped quote).
     */
    NATIONAL
  }

  /** How binary values are written. */
  enum Binary { DECODE_HEX, X_QUOTED, HEX_0X }

  /** How dates and times are written: typed literals, or ISO 8601 text. */
  enum Temporals { TYPED, ISO_TEXT }

  /**
   * The data that makes a dialect's literals.
   *
   * @param name the dialect
   * @param open the opening identifier quote
   * @param close the closing identifier quote (doubled inside an identifier)
   * @param fallback a second quote for names holding {@code close} (doubled inside), or 0
   * @param trueLiteral how TRUE is written
   * @param falseLiteral how FALSE is written
   * @param strings the string style
   * @param binary the binary style
   * @param temporals the temporal style
   * @param specialFloats whether NaN and infinities exist
   */
  record Spec(String name, char open, char close, char fallback, String trueLiteral, String falseLiteral,
      Strings strings, Binary binary, Temporals temporals, boolean specialFloats) {}

  static final SqlLiterals POSTGRES = new SqlLiterals(new Spec("postgres", '"', '"', (char) 0, "TRUE",
      "FALSE", Strings.POSTGRES, Binary.DECODE_HEX, Temporals.TYPED, true));
  static final SqlLiterals MYSQL = new SqlLiterals(new Spec("mysql", '`', '`', (char) 0, "1", "0",
      Strings.BACKSLASH, Binary.X_QUOTED, Temporals.TYPED, false));
  static final SqlLiterals SQLSERVER = new SqlLiterals(new Spec("sqlserver", '[', ']', '"', "1", "0",
      Strings.NATIONAL, Binary.HEX_0X, Temporals.ISO_TEXT, false));

  private final Spec spec;

  private SqlLiterals(Spec spec) {
    this.spec = spec;
  }

  /** The literals of {@code postgres}, {@code mysql} or {@code sqlserver}. */
  public static SqlLiterals of(String dialect) {
    return ScriptDialect.of(dialect).literals();
  }

  /** The dialect's name. */
  public String dialect() {
    return spec.name();
  }

  /**
   * A quoted identifier; the closing quote inside it is doubled.
   *
   * @throws FerryException {@link ErrorCode#INPUT} for a name with a line break or another
   *     control character: no script line may be split inside a name (SQL Server's {@code GO})
   */
  public String identifier(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < 0x20 || name.charAt(i) == 0x7f) {
        throw new FerryException(ErrorCode.INPUT, "the name '" + printable(name) + "' holds a"
            + " line break or another control character, which scripts do not write. Rename it"
            + " or leave its table out.");
      }
    }
    String close = String.valueOf(spec.close());
    if (name.contains(close) && spec.fallback() != 0) {
      // [a]]b] is valid T-SQL, but tools that review scripts misread it; "a]b" is plain
      String quote = String.valueOf(spec.fallback());
      return quote + name.replace(quote, quote + quote) + quote;
    }
    return spec.open() + name.replace(close, close + close) + spec.close();
  }

  /** {@code schema.name} quoted, or the name alone when {@code schema} is null. */
  public String qualified(String schema, String name) {
    return schema == null ? identifier(name) : identifier(schema) + "." + identifier(name);
  }

  /**
   * A value of a column of the given kind as a literal; NULL for null.
   *
   * @throws FerryException {@link ErrorCode#INPUT} for a value the dialect cannot hold (NUL in
   *     PostgreSQL text, NaN outside PostgreSQL, years beyond 9999)
   */
  public String literal(Object value, ValueKind kind) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Boolean b) {
      return b ? spec.trueLiteral() : spec.falseLiteral();
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Double d) {
      return floating(d);
    }
    if (value instanceof Number n) {
      return n.toString();
    }
    if (value instanceof byte[] bytes) {
      return binary(bytes);
    }
    if (value instanceof UUID u) {
      return spec.strings() == Strings.POSTGRES ? "'" + u + "'::uuid" : "'" + u + "'";
    }
    if (value instanceof LocalDate
        || value instanceof LocalTime
        || value instanceof LocalDateTime
        || value instanceof OffsetDateTime) {
      return Temporal.literal(value, kind, spec);
    }
    return string(value.toString());
  }

  /** A string literal. */
  public String string(String text) {
    return switch (spec.strings()) {
      case POSTGRES -> postgresString(text);
      case BACKSLASH -> mysqlString(text);
      case NATIONAL -> nationalString(text);
    };
  }

  private String floating(double d) {
    if (Double.isFinite(d)) {
      return Double.toString(d);
    }
    if (!spec.specialFloats()) {
      throw new FerryException(ErrorCode.INPUT, "the value " + d + " has no " + spec.name()
          + " form: " + spec.name() + " has no NaN or infinite floating-point numbers. Change the"
          + " source value or leave the table out.");
    }
    String text = Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
    return "CAST('" + text + "' AS DOUBLE PRECISION)";
  }

  private String binary(byte[] bytes) {
    String hex = HexFormat.of().withUpperCase().formatHex(bytes);
    return switch (spec.binary()) {
      case DECODE_HEX -> "decode('" + hex.toLowerCase(java.util.Locale.ROOT) + "', 'hex')";
      case X_QUOTED -> "X'" + hex + "'";
      case HEX_0X -> "0x" + hex;
    };
  }

  private static String postgresString(String text) {
    boolean escapes = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        throw new FerryException(ErrorCode.INPUT, "PostgreSQL text cannot hold the NUL character"
            + " (U+0000), found in '" + printable(text) + "'. Remove it from the source value.");
      }
      escapes |= c == '\\' || c < 0x20 || c == 0x7f;
    }
    if (!escapes) {
      return "'" + text.replace("'", "''") + "'";
    }
    // E'' keeps backslashes meaningful whatever standard_conforming_strings says
    StringBuilder out = new StringBuilder(text.length() + 8).append("E'");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        // \' rather than '': parsers that misread \\'' read this right
        case '\'' -> out.append("\\'");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('\'').toString();
  }

  private static String mysqlString(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case 0 -> out.append("\\0");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case 0x1a -> out.append("\\Z");
        default -> out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  private static String nationalString(String text) {
    boolean ascii = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f || c == '\\') {
        // line breaks, NUL, controls and backslashes (which some tools read as escapes): the
        // exact UTF-16 code units, cast
        return "CAST(0x" + HexFormat.of().withUpperCase().formatHex(
            text.getBytes(StandardCharsets.UTF_16LE)) + " AS NVARCHAR(MAX))";
      }
      ascii &= c < 0x80;
    }
    return (ascii ? "'" : "N'") + text.replace("'", "''") + "'";
  }

  /** Text for comments and messages: control characters shown as {@code ?}. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineBreak = c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
      out.append(lineBreak ? '?' : c);
    }
    return out.toString();
  }

  /** Dates and times. */
  private static final class Temporal {

    private Temporal() {}

    static String literal(Object value, ValueKind kind, Spec spec) {
      boolean postgres = spec.strings() == Strings.POSTGRES;
      if (postgres && isInfinite(value)) {
        boolean positive = value.equals(LocalDate.MAX) || value.equals(LocalDateTime.MAX)
            || value.equals(OffsetDateTime.MAX);
        String type = value instanceof LocalDate ? "DATE" : value instanceof OffsetDateTime
            ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
        return type + " '" + (positive ? "infinity" : "-infinity") + "'";
      }
      if (value instanceof OffsetDateTime odt && (kind != ValueKind.TIMESTAMP_TZ || !postgres
          && spec.temporals() == Temporals.TYPED)) {
        // engines without a zone type (and non-zoned columns) get the UTC instant, as a copy does
        value = odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      boolean iso = spec.temporals() == Temporals.ISO_TEXT;
      if (value instanceof LocalDate d) {
        return (iso ? "'" : "DATE '") + date(d) + "'";
      }
      if (value instanceof LocalTime t) {
        return (iso ? "'" : "TIME '") + clock(t) + "'";
      }
      if (value instanceof LocalDateTime ts) {
        String text = date(ts.toLocalDate()) + (iso ? "T" : " ") + clock(ts.toLocalTime());
        return (iso ? "'" : "TIMESTAMP '") + text + "'";
      }
      OffsetDateTime odt = (OffsetDateTime) value;
      String text = date(odt.toLocalDate()) + (iso ? "T" : " ") + clock(odt.toLocalTime())
          + (odt.getOffset().equals(ZoneOffset.UTC) ? "+00:00" : odt.getOffset().getId());
      return (iso ? "'" : "TIMESTAMP WITH TIME ZONE '") + text + "'";
    }

    private static boolean isInfinite(Object v) {
      return v.equals(LocalDate.MAX) || v.equals(LocalDate.MIN) || v.equals(LocalDateTime.MAX)
          || v.equals(LocalDateTime.MIN) || v.equals(OffsetDateTime.MAX)
          || v.equals(OffsetDateTime.MIN);
    }

    private static String date(LocalDate d) {
      if (d.getYear() < 1 || d.getYear() > 9999) {
        throw new FerryException(ErrorCode.INPUT, "the date " + d + " is outside the years"
            + " 0001-9999 that scripts can write. Change the source value or leave the table"
            + " out.");
      }
      return String.format("%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    private static String clock(LocalTime t) {
      String text = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
      if (t.getNano() == 0) {
        return text;
      }
      String fraction = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
      return text + "." + fraction;
    }
  }
}
