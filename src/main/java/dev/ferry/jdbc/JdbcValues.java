package dev.ferry.jdbc;

import dev.ferry.dialect.Dialect;
import dev.ferry.rows.TemporalText;
import dev.ferry.rows.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Reads JDBC values into their canonical types and binds canonical values to statements. */
public final class JdbcValues {

  private JdbcValues() {}

  /** Reads column {@code i} as its kind's canonical type; null for SQL NULL. */
  public static Object read(ResultSet rs, int i, ValueKind kind) throws SQLException {
    return read(rs, i, kind, false);
  }

  /**
   * Reads column {@code i} as its kind's canonical type; null for SQL NULL.
   *
   * @param textTemporals the engine keeps dates and times as text (SQLite): values are read by
   *     their storage class ({@link SqliteStorage}), dates parsed from their text, because the
   *     driver's own conversion keeps only milliseconds
   */
  public static Object read(ResultSet rs, int i, ValueKind kind, boolean textTemporals)
      throws SQLException {
    if (textTemporals) {
      // SQLite: each value as its storage class holds it (SqliteStorage)
      return SqliteStorage.read(rs.getObject(i), kind);
    }
    Class<?> temporal = switch (kind) {
      case DATE -> LocalDate.class;
      case TIME -> LocalTime.class;
      case TIMESTAMP -> LocalDateTime.class;
      case TIMESTAMP_TZ -> OffsetDateTime.class;
      default -> null;
    };
    if (temporal != null) {
      // null only where the text is: Connector/J's wasNull() stays true for a zero DATETIME
      // even once its text is read
      return temporal(rs, i, temporal);
    }
    Object value = switch (kind) {
      case INTEGER -> integer(rs, i);
      case DECIMAL -> decimal(rs, i);
      case FLOAT -> {
        double d = rs.getDouble(i);
        yield rs.wasNull() ? null : d;
      }
      case BOOLEAN -> {
        boolean b = rs.getBoolean(i);
        yield rs.wasNull() ? null : b;
      }
      case BINARY -> rs.getBytes(i);
      case UUID -> {
        String text = rs.getString(i);
        yield text == null ? null : parseUuid(text);
      }
      default -> rs.getString(i);
    };
    return rs.wasNull() ? null : value;
  }

  private static Object integer(ResultSet rs, int i) throws SQLException {
    try {
      return integer(rs.getObject(i));
    } catch (IllegalArgumentException e) {
      // MariaDB's driver makes a date of a YEAR, and fails on the year 0000
      return rs.getLong(i);
    }
  }

  private static Object integer(Object value) {
    if (value == null || value instanceof Long) {
      return value;
    }
    if (value instanceof Number n && !(value instanceof BigInteger) && !(value instanceof BigDecimal)) {
      return n.longValue();
    }
    if (value instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    if (value instanceof java.sql.Date year) {
      // MariaDB's YEAR, which its driver hands over as the first of January of that year
      return (long) year.toLocalDate().getYear();
    }
    BigInteger big = value instanceof BigDecimal d ? d.toBigIntegerExact() : new BigInteger(
        value.toString());
    return big.bitLength() < 64 ? (Object) big.longValue() : big;
  }

  private static Object decimal(ResultSet rs, int i) throws SQLException {
    try {
      return rs.getBigDecimal(i);
    } catch (SQLException | NumberFormatException e) {
      // PostgreSQL numeric 'NaN' has no BigDecimal form: carried as text
      return rs.getString(i);
    }
  }

  /**
   * A date or time as its Java type; a value the driver cannot give as one stays its text. The
   * driver's NULL is checked against the text, because MariaDB Connector/J hands a zero date
   * ({@code 0000-00-00}) over as NULL, and its text of a TIME, a duration of up to ±838 hours, is
   * checked for a time of day, because the driver would take the hours modulo 24.
   */
  private static Object temporal(ResultSet rs, int i, Class<?> type) throws SQLException {
    Object value;
    try {
      value = rs.getObject(i, type);
    } catch (SQLException | RuntimeException e) {
      String text = rs.getString(i);
      return text == null ? null : TemporalText.parse(text, type);
    }
    if (value == null || type == LocalTime.class) {
      String text = rs.getString(i);
      if (text == null) {
        return null;
      }
      if (value == null || !timeOfDay(text)) {
        return text;
      }
    }
    return value;
  }

  /** Whether a time's text is a time of day: {@code HH:mm...} with hours up to 23. */
  private static boolean timeOfDay(String text) {
    return text.length() >= 5 && text.charAt(2) == ':' && Character.isDigit(text.charAt(0))
        && (text.charAt(0) < '2' || text.charAt(0) == '2' && text.charAt(1) <= '3');
  }

  private static Object parseUuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /**
   * Binds a canonical value for a parameter of an INSERT, an UPDATE or a key comparison.
   *
   * @param dialect the engine's: dates as text (SQLite), UUIDs as it compares them
   */
  public static void bind(PreparedStatement ps, int i, Object value, ValueKind kind, Dialect dialect)
      throws SQLException {
    boolean textTemporals = dialect.temporalsAsText();
    if (value == null) {
      ps.setNull(i, sqlType(kind));
      return;
    }
    if (value instanceof UUID uuid) {
      dialect.bindUuid(ps, i, uuid);
    } else if (value instanceof BigInteger) {
      ps.setString(i, value.toString());
    } else if (value instanceof OffsetDateTime odt) {
      if (textTemporals) {
        ps.setString(i, odt.toString());
      } else if (kind == ValueKind.TIMESTAMP_TZ && dialect.bindsOffsetDateTime()) {
        ps.setObject(i, odt);
      } else {
        // the UTC wall time, whatever the JVM's zone (the rule verify compares by)
        ps.setObject(i, odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
      }
    } else if (textTemporals && (value instanceof LocalDateTime ldt)) {
      ps.setString(i, ldt.toString().replace('T', ' '));
    } else if (textTemporals && (value instanceof LocalDate || value instanceof LocalTime)) {
      ps.setString(i, value.toString());
    } else if (value instanceof LocalDateTime ldt) {
      ps.setObject(i, ldt);
    } else {
      ps.setObject(i, value);
    }
  }

  static int sqlType(ValueKind kind) {
    return switch (kind) {
      case INTEGER -> Types.BIGINT;
      case DECIMAL -> Types.NUMERIC;
      case FLOAT -> Types.DOUBLE;
      case BOOLEAN -> Types.BOOLEAN;
      case BINARY -> Types.VARBINARY;
      case DATE -> Types.DATE;
      case TIME -> Types.TIME;
      case TIMESTAMP -> Types.TIMESTAMP;
      case TIMESTAMP_TZ -> Types.TIMESTAMP_WITH_TIMEZONE;
      default -> Types.VARCHAR;
    };
  }
}
