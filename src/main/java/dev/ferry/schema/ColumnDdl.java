package dev.ferry.schema;

import static dev.ferry.schema.PortableType.*;

import dev.ferry.catalog.Column;
import dev.ferry.dialect.Identifiers;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One column's definition in the target: its type spelt by {@link TargetTypes} within the
 * dialect's limits, its identity, default and NOT NULL. Every choice that holds less or more than
 * the source did adds a note naming the column.
 */
final class ColumnDdl {

  private static final Set<String> IDENTITY = Set.of("auto-increment", "identity-always",
      "identity-by-default", "sequence-default");
  private static final Set<PortableType> INTEGERS = EnumSet.of(TINYINT, SMALLINT, MEDIUMINT,
      INTEGER, BIGINT, UTINYINT, USMALLINT, UMEDIUMINT, UINTEGER);
  private static final Set<PortableType> TEXTUAL = EnumSet.of(TEXT, VARCHAR, CHAR, ENUM, SET,
      ARRAY, INTERVAL, ANY);

  /**
   * Where a column stands in its table.
   *
   * @param where {@code table.column}, for notes
   * @param inKey whether a primary, unique or foreign key holds it
   * @param leadsKey whether it is the first column of the primary key or a unique key
   * @param rowid whether it is the table's only primary-key column (SQLite's rowid)
   * @param enumType the name of the enum type a PostgreSQL target creates for it
   */
  record Place(String where, boolean inKey, boolean leadsKey, boolean rowid, String enumType) {}

  /**
   * The definition.
   *
   * @param sql {@code "name" type ...}, without a trailing comma
   * @param rowidKey true when the definition is SQLite's {@code INTEGER PRIMARY KEY
   *     AUTOINCREMENT}, so the table has no separate primary-key clause
   * @param createType a {@code CREATE TYPE} the column needs first, or null
   */
  record Definition(String sql, boolean rowidKey, String createType) {}

  /** What a cast column's declared type says after the source's type, before the rule's place. */
  static final String CAST = " (cast rule at ";

  private ColumnDdl() {}

  static Definition define(Column c, SourceType st, String sourceEngine, TargetDialect d,
      Identifiers q, Place place, List<String> notes) {
    String name = q.quoteForFile(c.name());
    String createType = null;
    String check = "";
    String type;
    int fraction = 0;
    if (st.type() == ENUM && d.enums().equals("type")) {
      createType = "CREATE TYPE " + q.quoteForFile(place.enumType()) + " AS ENUM (" + labels(st, d)
          + ")";
      type = q.quoteForFile(place.enumType());
    } else if ((st.type() == ENUM || st.type() == SET) && d.enums().equals("native")) {
      type = (st.type() == ENUM ? "ENUM(" : "SET(") + labels(st, d) + ")";
    } else if (st.type() == ENUM) {
      int longest = st.labels().stream().mapToInt(String::length).max().orElse(1);
      type = d.name().equals("sqlite") ? "TEXT" : spell(d, VARCHAR, longest, 0);
      check = " CHECK (" + name + " IN (" + labels(st, d) + "))";
      notes.add(place.where() + ": enum " + st.declared() + " became " + type + " with a CHECK"
          + " of its labels (" + d.name() + " has no enum type)");
    } else if (st.type() == ARRAY && sourceEngine.equals("postgres")
        && d.name().equals("postgres")) {
      type = st.declared().substring(1) + "[]";
    } else {
      boolean identity = c.generation() != null && IDENTITY.contains(c.generation());
      Sized sized = size(st, d, place.inKey() || identity);
      type = spell(d, sized.type(), sized.size(), sized.scale());
      fraction = sized.scale() == null ? 0 : sized.scale();
      String why = sized.why() != null ? sized.why() : TargetTypes.of(d.name(), sized.type()).note();
      if (st.type() == ARRAY) {
        why = d.name() + " has no arrays: the source's array text ({1,2}) as text";
      }
      if (why == null && st.declared().contains(CAST)) {
        notes.add(place.where() + ": " + st.declared() + " became " + type);
      } else if (why != null) {
        notes.add(place.where() + ": " + st.declared() + " became " + type + " ("
            + String.format(why, d.name()) + ")");
      }
    }
    if (d.textCharset() && TEXTUAL.contains(st.type())) {
      // the source's character set where it had one; else every character, compared exactly
      // (a case-insensitive collation would make unique keys refuse distinct source values)
      type += c.charset() != null && sourceEngine.equals("mariadb")
          ? " CHARACTER SET " + c.charset() : " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
    }
    sqliteNotes(c, st, sourceEngine, type, place, notes);
    StringBuilder sql = new StringBuilder(name).append(' ').append(type);
    if (c.generation() != null && IDENTITY.contains(c.generation())) {
      String identity = identity(c, st, d, place, notes);
      if (identity != null && d.rowidIdentity()) {
        // SQLite numbers only its rowid: the key is written on the column, not on the table
        return new Definition(name + " INTEGER PRIMARY KEY AUTOINCREMENT", true, createType);
      }
      if (identity != null) {
        sql.append(' ').append(identity);
      }
    } else if ("computed".equals(c.generation())) {
      notes.add(place.where() + ": a computed column in the source; here a plain column that"
          + " holds the copied values (the expression is not in ferry's catalog)");
    } else {
      String def = Defaults.translate(c.defaultValue(), st, sourceEngine, d, fraction,
          place.where(), notes);
      if (def != null) {
        sql.append(" DEFAULT ").append(def);
      }
    }
    if (!c.nullable()) {
      sql.append(" NOT NULL");
    }
    return new Definition(sql.append(check).toString(), false, createType);
  }

  /** What a SQLite source declared and did not enforce, or enforced without saying so. */
  private static void sqliteNotes(Column c, SourceType st, String sourceEngine, String type,
      Place place, List<String> notes) {
    if (!sourceEngine.equals("sqlite")) {
      return;
    }
    if (place.rowid() && c.generation() == null && st.declared().equalsIgnoreCase("INTEGER")) {
      notes.add(place.where() + ": SQLite's INTEGER PRIMARY KEY numbers new rows itself (it is"
          + " the rowid) even without AUTOINCREMENT; here " + type + " without identity: the"
          + " copied values are kept, new rows need their key");
    }
    if (st.type() == DECIMAL && st.declared().contains("(")) {
      notes.add(place.where() + ": " + st.declared() + " became " + type + " (SQLite neither"
          + " enforces nor reports a precision: unbounded; ferry copy measures the values)");
    }
  }

  /** The identity clause, or null (with a note) when the target cannot number this column. */
  private static String identity(Column c, SourceType st, TargetDialect d, Place place,
      List<String> notes) {
    String lost = null;
    if (!INTEGERS.contains(st.type()) && st.type() != BIGINT && st.type() != UBIGINT) {
      lost = "only integer columns can be identities";
    } else if (d.rowidIdentity() && !place.rowid()) {
      lost = "SQLite numbers only the one-column INTEGER PRIMARY KEY";
    } else if (d.identityInKey() && !place.leadsKey()) {
      lost = "AUTO_INCREMENT must lead a key";
    }
    if (lost != null) {
      notes.add(place.where() + ": identity left out (" + lost + "); the copied values are kept");
      return null;
    }
    if (d.rowidIdentity()) {
      return "AUTOINCREMENT";
    }
    return "identity-always".equals(c.generation()) ? d.identityAlways() : d.identityByDefault();
  }

  /**
   * A type within the dialect's limits.
   *
   * @param why the note when the limits changed it, or null
   */
  private record Sized(PortableType type, Integer size, Integer scale, String why) {}

  private static Sized size(SourceType st, TargetDialect d, boolean inKey) {
    PortableType type = st.type();
    Integer size = st.size();
    Integer scale = st.scale();
    if (type == UBIGINT && inKey && TargetTypes.of(d.name(), UBIGINT).note() != null) {
      // a key's type must match every reference to it, and identities are integers: both sides
      // become bigint, not numeric(20) (which a bigint identity's references could not match)
      return new Sized(BIGINT, null, null, "narrowed: a key or identity column in %s is a signed"
          + " 64-bit integer; ferry copy refuses values beyond 9223372036854775807");
    }
    if (type == CHAR && size > d.maxChar()) {
      type = VARCHAR;
    }
    if (type == VARCHAR && size > d.maxVarchar()) {
      type = TEXT;
      size = null;
    }
    if (type == VARBINARY && size > d.maxVarbinary()) {
      return new Sized(BINARY, null, null, null);
    }
    if (inKey && d.keyVarchar() > 0 && (type == TEXT || (type == VARCHAR || type == CHAR)
        && size > d.keyVarchar())) {
      return new Sized(VARCHAR, d.keyVarchar(), null, "narrowed: a key column in %s holds at"
          + " most " + d.keyVarchar() + " characters; ferry copy refuses longer values");
    }
    if (type != st.type()) {
      return new Sized(type, size, scale, "widened: longer than %s's " + st.type() + " holds");
    }
    if (type == DECIMAL) {
      return decimal(size, scale, d);
    }
    if (EnumSet.of(TIME, TIMESTAMP, MARIADB_TIMESTAMP, TIMESTAMPTZ).contains(type)) {
      int want = scale == null ? 6 : scale;
      if (d.maxFraction() >= 0 && want > d.maxFraction()) {
        return new Sized(type, null, d.maxFraction(), "narrowed: %s keeps " + d.maxFraction()
            + " fractional digits; ferry copy refuses values with more");
      }
      return new Sized(type, null, d.maxFraction() < 0 ? null : want, null);
    }
    return new Sized(type, size, scale, null);
  }

  private static Sized decimal(Integer precision, Integer scale, TargetDialect d) {
    if (precision == null) {
      return d.unboundedDecimal() != null ? new Sized(DECIMAL, null, null, null)
          : new Sized(DECIMAL, d.maxPrecision(), Math.min(d.maxScale(), d.maxPrecision() / 2),
              "narrowed: %s's decimals need a precision; ferry copy refuses values that do not"
                  + " fit");
    }
    int s = scale == null ? 0 : scale;
    if (precision > d.maxPrecision() || s > d.maxScale()) {
      return new Sized(DECIMAL, Math.min(precision, d.maxPrecision()), Math.min(s, d.maxScale()),
          "narrowed: beyond %s's largest decimal; ferry copy refuses values that do not fit");
    }
    return new Sized(DECIMAL, precision, s, null);
  }

  /** The dialect's spelling of a type, sized. */
  static String spell(TargetDialect d, PortableType type, Integer size, Integer scale) {
    if (type == DECIMAL && size == null) {
      return d.unboundedDecimal();
    }
    String format = TargetTypes.of(d.name(), type).sql();
    return String.format(format, size == null ? 0 : size, scale == null ? 0 : scale);
  }

  private static String labels(SourceType st, TargetDialect d) {
    return st.labels().stream().map(d::string).collect(Collectors.joining(", "));
  }
}
