package dev.ferry.script;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.ValueKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Identifiers and values as SQL text for one target dialect. What differs between dialects is data
 * ({@link Spec}): the identifier quotes, how strings escape, how binary, floating-point and
 * temporal literals are spelled, and which values the dialect can hold ({@link #problem}). Every
 * literal is self-contained: it does not depend on session settings the script does not set
 * itself, and reads back as exactly the value it was written from.
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

  /** How floating-point values are written. */
  enum Floats {
    /**
     * A number literal ({@code 1.5}, {@code 4.9E-324}); negative zero, NaN and the infinities
     * as {@code CAST('-0' AS DOUBLE PRECISION)}: a number literal is exact (numeric) in
     * PostgreSQL, where minus zero is zero.
     */
    CAST_SPECIALS,
    /**
     * Always with an exponent ({@code 1.5E0}, {@code -0E0}), which makes it a floating-point
     * literal in MySQL and SQL Server (a plain {@code 1.5} is exact, and has no minus zero);
     * no NaN or infinities.
     */
    EXPONENT
  }

  /**
   * The data that makes a dialect's literals, and the values it can hold.
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
   * @param floats the floating-point style
   * @param specialDecimals whether decimals have NaN and infinities (PostgreSQL's numeric)
   * @param decimalDigits the most digits a decimal literal keeps exactly, 0 for no limit
   * @param minDate the first date the dialect holds
   * @param maxDate the last date
   * @param maxTimestampDate the last date of a timestamp
   * @param infiniteTemporals whether dates and timestamps have {@code infinity}
   * @param endOfDay whether a time can be {@code 24:00:00}
   * @param fractionDigits digits after the second a time keeps
   * @param zonedTimestamps whether a time zone column keeps the offset (else the UTC instant)
   */
  record Spec(String name, char open, char close, char fallback, String trueLiteral,
      String falseLiteral, Strings strings, Binary binary, Temporals temporals, Floats floats,
      boolean specialDecimals, int decimalDigits, LocalDate minDate, LocalDate maxDate,
      LocalDate maxTimestampDate, boolean infiniteTemporals, boolean endOfDay,
      int fractionDigits, boolean zonedTimestamps) {}

  private static final LocalDate YEAR_1 = LocalDate.of(1, 1, 1);
  private static final LocalDate YEAR_9999 = LocalDate.of(9999, 12, 31);

  static final SqlLiterals POSTGRES = new SqlLiterals(new Spec("postgres", '"', '"', (char) 0,
      "TRUE", "FALSE", Strings.POSTGRES, Binary.DECODE_HEX, Temporals.TYPED, Floats.CAST_SPECIALS,
      true, 0, LocalDate.of(-4713, 11, 24), LocalDate.of(5_874_897, 12, 31),
      LocalDate.of(294_276, 12, 31), true, true, 6, true));
  // MySQL parses a decimal literal of more than 65 digits as a double; its dates begin with the
  // year 0 (which ISO 8601 and Java count as 1 BC)
  static final SqlLiterals MYSQL = new SqlLiterals(new Spec("mysql", '`', '`', (char) 0, "1", "0",
      Strings.BACKSLASH, Binary.X_QUOTED, Temporals.TYPED, Floats.EXPONENT, false, 65,
      LocalDate.of(0, 1, 1), YEAR_9999, YEAR_9999, false, true, 6, false));
  static final SqlLiterals SQLSERVER = new SqlLiterals(new Spec("sqlserver", '[', ']', '"', "1",
      "0", Strings.NATIONAL, Binary.HEX_0X, Temporals.ISO_TEXT, Floats.EXPONENT, false, 38, YEAR_1,
      YEAR_9999, YEAR_9999, false, false, 7, true));

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
   *     control character (no script line may be split inside a name: SQL Server's {@code GO}),
   *     or with half a surrogate pair (UTF-8 has no form for it)
   */
  public String identifier(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < 0x20 || name.charAt(i) == 0x7f) {
        throw new FerryException(ErrorCode.INPUT, "the name '" + printable(name) + "' holds a"
            + " line break or another control character, which scripts do not write. Rename it"
            + " or leave its table out.");
      }
    }
    if (unpairedSurrogate(name)) {
      // a script is UTF-8: the name would be written as '?', and name another table
      throw new FerryException(ErrorCode.INPUT, "the name '" + printable(name) + "' holds half"
          + " of a UTF-16 surrogate pair, which a UTF-8 script cannot write. Rename it or leave"
          + " its table out.");
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
   * @throws FerryException {@link ErrorCode#REFUSED} for a value the dialect cannot hold (see
   *     {@link #problem}); a script run finds those before its first file
   */
  public String literal(Object value, ValueKind kind) {
    if (value == null) {
      return "NULL";
    }
    String problem = problem(value, kind);
    if (problem != null) {
      throw new FerryException(ErrorCode.REFUSED, spec.name() + " scripts cannot hold "
          + problem + ", and the value " + printable(abbreviate(value)) + " is one. Change the"
          + " source value or leave its table out.");
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
    if (isTemporal(value)) {
      return TemporalLiterals.literal(value, kind, spec);
    }
    if (kind == ValueKind.DECIMAL) {
      // PostgreSQL's numeric NaN and infinities arrive as their text
      return "CAST(" + string(value.toString()) + " AS NUMERIC)";
    }
    return string(value.toString());
  }

  /**
   * Why the dialect cannot hold a value of a column of this kind, as a phrase naming the class
   * of values ("NaN and infinite floating-point numbers"), or null when it can: what a script
   * run checks in the source before it writes its first file.
   */
  public String problem(Object value, ValueKind kind) {
    if (value == null) {
      return null;
    }
    if (value instanceof Double d) {
      return Double.isFinite(d) || spec.floats() == Floats.CAST_SPECIALS ? null
          : "NaN and infinite floating-point numbers";
    }
    if (value instanceof BigDecimal d) {
      return spec.decimalDigits() == 0 || NumberLiterals.decimalDigits(d) <= spec.decimalDigits()
          ? null : "decimals of more than " + spec.decimalDigits() + " digits";
    }
    if (isTemporal(value)) {
      return TemporalLiterals.problem(value, kind, spec);
    }
    if (value instanceof String text) {
      return textProblem(text, kind);
    }
    return null;
  }

  private String textProblem(String text, ValueKind kind) {
    if (kind == ValueKind.DECIMAL) {
      boolean special = text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity");
      return special && spec.specialDecimals() ? null : special ? "decimal NaN and infinities"
          : "text in a decimal column";
    }
    if (spec.strings() == Strings.POSTGRES && text.indexOf(0) >= 0) {
      return "text holding the NUL character (U+0000)";
    }
    if (spec.strings() != Strings.NATIONAL && unpairedSurrogate(text)) {
      // a script is UTF-8, which has no form for half a UTF-16 pair
      return "text holding an unpaired UTF-16 surrogate";
    }
    return null;
  }

  /**
   * Whether values of a kind can be ones the dialect cannot hold, so that a run looks at them
   * before writing.
   */
  boolean mayRefuse(ValueKind kind) {
    return switch (kind) {
      case FLOAT -> spec.floats() == Floats.EXPONENT;
      case DECIMAL, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ -> true;
      case TEXT, JSON, ENUM, ARRAY, OTHER -> spec.strings() != Strings.NATIONAL;
      default -> false;
    };
  }

  private static boolean unpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTemporal(Object value) {
    return value instanceof LocalDate || value instanceof LocalTime
        || value instanceof LocalDateTime || value instanceof OffsetDateTime;
  }

  private static String abbreviate(Object value) {
    String text = value instanceof byte[] ? "(binary)" : String.valueOf(value);
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
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
    boolean negativeZero = d == 0 && 1 / d < 0;
    if (spec.floats() == Floats.CAST_SPECIALS) {
      if (Double.isFinite(d) && !negativeZero) {
        return NumberLiterals.text(NumberLiterals.shortest(d));
      }
      String text = negativeZero ? "-0" : Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity"
          : "-Infinity";
      return "CAST('" + text + "' AS DOUBLE PRECISION)";
    }
    String text = negativeZero ? "-0" : NumberLiterals.text(NumberLiterals.shortest(d));
    return text.contains("E") ? text : text + "E0";
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
        // neither '' nor \': review tools (JSqlParser among them) misread \\'' and \x01\'
        case '\'' -> out.append("\\x27");
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
    if (text.indexOf(0) >= 0 || text.indexOf(0x1a) >= 0) {
      // the exact UTF-8 bytes: review tools misread \0 and \Z before an escaped quote, and some
      // clients end a file at a raw CTRL-Z
      return "CONVERT(X'" + HexFormat.of().withUpperCase().formatHex(
          text.getBytes(StandardCharsets.UTF_8)) + "' USING utf8mb4)";
    }
    StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  private static String nationalString(String text) {
    if (unpairedSurrogate(text)) {
      // UTF-8 has no form for it; the UTF-16 code units have
      return "CAST(0x" + HexFormat.of().withUpperCase().formatHex(
          text.getBytes(StandardCharsets.UTF_16LE)) + " AS NVARCHAR(MAX))";
    }
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
}
