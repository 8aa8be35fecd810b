package dev.ferry.verify;

import dev.ferry.catalog.Column;
import dev.ferry.dialect.Dialect;
import dev.ferry.rows.CanonicalFloat;
import dev.ferry.rows.CanonicalValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The canonical encoding and ferry's hashes written in PostgreSQL's SQL, so that a PostgreSQL
 * server computes exactly the numbers {@link StreamingSide} computes, without sending its rows.
 * Needs PostgreSQL 13 ({@code trim_scale}) and a UTF8 database. Columns whose type has no SQL form
 * here (JSON, which is compared parsed, and types outside the list below) make the table stream.
 *
 * <p>The queries nest subqueries fenced with {@code OFFSET 0}, so each value is encoded and
 * hashed once per row even though several outer expressions use it.
 */
final class PostgresHashSql {

  private static final Set<String> INTEGERS = Set.of("int2", "int4", "int8", "smallint",
      "integer", "bigint", "serial", "bigserial", "smallserial", "serial2", "serial4", "serial8");

  private final List<String> encoded;
  private final List<String> rowTokens;
  private final List<String> keyTokens;
  private final String from;

  private PostgresHashSql(List<String> encoded, List<String> rowTokens, List<String> keyTokens,
      String from) {
    this.encoded = encoded;
    this.rowTokens = rowTokens;
    this.keyTokens = keyTokens;
    this.from = from;
  }

  /** The SQL for one side, or null when some column cannot be encoded inside PostgreSQL. */
  static PostgresHashSql of(Dialect dialect, Side side) {
    List<String> encoded = new ArrayList<>();
    List<String> rowTokens = new ArrayList<>();
    for (int i = 0; i < side.columns().size(); i++) {
      if (side.rewrite(i) != null) {
        return null;
      }
      String e = canonical(dialect.quote(side.columns().get(i).name()), side.columns().get(i),
          side.encodings().get(i));
      if (e == null) {
        return null;
      }
      encoded.add(e + " AS e" + i);
      rowTokens.add(token(i));
    }
    List<String> keyTokens = new ArrayList<>();
    for (int k : side.key()) {
      keyTokens.add(token(k));
    }
    return new PostgresHashSql(encoded, rowTokens, keyTokens,
        dialect.rowsFrom(side.table(), side.ownRowsOnly(), side.rowFilter()));
  }

  /**
   * The nested subqueries: encode (e), hash each value (h, and d for display), then the row hash
   * {@code rh}, the key hash {@code kh} and the range {@code b}. {@code hashtextextended(t, 0)}
   * is {@link Hashing#hash}; {@code COLLATE "C"} makes it hash the bytes whatever the column's
   * collation.
   */
  private String levels(boolean display) {
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < encoded.size(); i++) {
      hashes.add("hashtextextended(e" + i + " COLLATE \"C\", 0) AS h" + i
          + (display ? ", left(e" + i + ", " + (LeafRow.DISPLAY + 1) + ") AS d" + i : ""));
    }
    boolean keyIsRow = keyTokens.equals(rowTokens);
    String kh = keyIsRow ? "rh" : "kh";
    return "(SELECT r.*, (" + kh + " >> 48) & 65535 AS b FROM (SELECT h.*,"
        + " hashtextextended(" + String.join(" || ", rowTokens) + ", 0) AS rh"
        + (keyIsRow ? "" : ", hashtextextended(" + String.join(" || ", keyTokens) + ", 0) AS kh")
        + " FROM (SELECT " + String.join(", ", hashes)
        + " FROM (SELECT " + String.join(", ", encoded) + " FROM " + from + " OFFSET 0) e"
        + " OFFSET 0) h OFFSET 0) r OFFSET 0) x";
  }

  /** A value's token in a row's hash input: 16 hex digits of its hash, or {@code ~} for NULL. */
  private static String token(int i) {
    return "coalesce(lpad(to_hex(h" + i + "), 16, '0'), '~')";
  }

  /**
   * Per range (grouping 0): {@code b}, rows, sum of row hashes; for the whole table (grouping 1):
   * rows, sum of row hashes, then per column the count of non-NULL values and the sum of their
   * hashes. Sums are exact numerics; their low 64 bits are the checksums.
   */
  String digest() {
    StringBuilder sql = new StringBuilder("SELECT GROUPING(b) AS g, b, count(*) AS n,"
        + " sum(rh) AS s");
    for (int i = 0; i < encoded.size(); i++) {
      sql.append(", CASE WHEN GROUPING(b) = 1 THEN count(h").append(i).append(") END")
          .append(", CASE WHEN GROUPING(b) = 1 THEN sum(h").append(i).append(") END");
    }
    return sql.append(" FROM ").append(levels(false))
        .append(" GROUP BY GROUPING SETS ((b), ())").toString();
  }

  /** The rows of some ranges ({@code ?} is an int4 array): key hash, row hash, hashes, display. */
  String rows() {
    StringBuilder sql = new StringBuilder("SELECT " + (keyTokens.equals(rowTokens) ? "rh" : "kh")
        + ", rh");
    for (int i = 0; i < encoded.size(); i++) {
      sql.append(", h").append(i);
    }
    for (int i = 0; i < encoded.size(); i++) {
      sql.append(", d").append(i);
    }
    return sql.append(" FROM ").append(levels(true)).append(" WHERE b = ANY (?)").toString();
  }

  /** The canonical text of a column in SQL, or null when it has none here. */
  static String canonical(String q, Column column, CanonicalValue e) {
    String type = column.type() == null ? "" : column.type().toLowerCase(Locale.ROOT);
    return switch (e.kind()) {
      case INTEGER -> !INTEGERS.contains(type) ? null : e.integerAsBoolean()
          ? "CASE " + q + " WHEN 0 THEN 'false' WHEN 1 THEN 'true' ELSE " + q + "::text END"
          : q + "::text";
      case DECIMAL -> type.equals("numeric") ? "trim_scale(" + q + ")::text" : null;
      case FLOAT -> {
        if (!type.equals("float4") && !type.equals("float8") || e.decimalFloat()) {
          yield null;
        }
        // rounded to binary32 where a float4 can hold it (as CanonicalFloat.bits does)
        String v = e.singlePrecision() ? "CASE WHEN abs(" + q + "::float8) >= "
            + Double.toString(CanonicalFloat.OVERFLOW) + "::float8 AND " + q
            + "::float8 NOT IN ('Infinity', '-Infinity') THEN " + q + "::float8 ELSE " + q
            + "::float4::float8 END" : q + "::float8";
        yield "CASE WHEN " + q + " IS NULL THEN NULL WHEN " + q + " = 0 THEN '0000000000000000'"
            + " WHEN " + q + " = 'NaN' THEN '7ff8000000000000' ELSE encode(float8send(" + v
            + "), 'hex') END";
      }
      case BOOLEAN -> type.equals("bool")
          ? "CASE WHEN " + q + " THEN 'true' WHEN NOT " + q + " THEN 'false' END" : null;
      case TEXT, ENUM, ARRAY, OTHER -> e.json() ? null
          : text(e.padded() ? "rtrim(" + q + "::text, ' ')" : q + "::text");
      case BINARY -> type.equals("bytea") ? "'\\x' || encode(" + q + ", 'hex')" : null;
      case DATE -> type.equals("date") && !e.dateAsTimestamp() ? date(q) : null;
      case TIME -> type.equals("time") ? time(q) : null;
      case TIMESTAMP -> type.equals("timestamp") ? timestamp(q) : null;
      case TIMESTAMP_TZ -> type.equals("timestamptz")
          ? timestamp("(" + q + " AT TIME ZONE 'UTC')") : null;
      case UUID -> type.equals("uuid") ? q + "::text" : null;
      case JSON -> null;
    };
  }

  /** Text with a leading backslash doubled, so that no text reads as bytes ({@code \\x…}). */
  private static String text(String t) {
    return "CASE WHEN starts_with(" + t + ", '\\') THEN '\\' || " + t + " ELSE " + t + " END";
  }

  /**
   * ISO years: 1 BC is year 0, 2 BC is -0001, as java.time counts them. The common case (years 1
   * and later) is one {@code to_char}.
   */
  private static String date(String q) {
    String year = "extract(year FROM " + q + ")::int";
    return "CASE WHEN " + q + " IS NULL THEN NULL WHEN " + q + " >= '0001-01-01'::date AND " + q
        + " < 'infinity'::date THEN to_char(" + q + ", 'YYYY-MM-DD') WHEN " + q
        + " = 'infinity'::date THEN 'infinity' WHEN " + q + " = '-infinity'::date THEN"
        + " '-infinity' WHEN " + year + " = -1 THEN '0000' || to_char(" + q + ", '-MM-DD')"
        + " ELSE '-' || lpad((-" + year + " - 1)::text, 4, '0') || to_char(" + q + ", '-MM-DD')"
        + " END";
  }

  /** {@code HH:mm:ss.ffffff} without trailing zeros (to_char always writes the point). */
  private static String time(String q) {
    return "rtrim(rtrim(to_char('2000-01-01'::date + " + q + ", 'HH24:MI:SS.US'), '0'), '.')";
  }

  private static String timestamp(String q) {
    return "CASE WHEN " + q + " IS NULL THEN NULL WHEN " + q + " >= '0001-01-01'::timestamp AND "
        + q + " < 'infinity'::timestamp THEN rtrim(rtrim(to_char(" + q
        + ", 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '0'), '.') WHEN " + q + " = 'infinity'::timestamp"
        + " THEN 'infinity' WHEN " + q + " = '-infinity'::timestamp THEN '-infinity' ELSE "
        + date(q + "::date") + " || 'T' || " + time(q + "::time") + " END";
  }
}
