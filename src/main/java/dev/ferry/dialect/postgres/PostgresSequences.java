package dev.ferry.dialect.postgres;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.SqlQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequence a column draws its keys from, and every column that draws from it.
 *
 * <p>{@code pg_get_serial_sequence} knows only sequences OWNED BY a column (serial, identity).
 * Dumps of older databases (Sakila, Pagila) create each sequence on its own and name it in the
 * column's default, {@code DEFAULT nextval('payment_payment_id_seq')}, which inheritance children
 * and partitions inherit: one sequence then feeds several tables. Its next value must be past the
 * keys of all of them, or the application's next insert into any of them collides.
 */
final class PostgresSequences {

  /** The sequence owned by the column, else the one its default depends on (nextval). */
  private static final String SEQUENCE_OF = """
      SELECT coalesce(pg_get_serial_sequence(?, ?)::regclass::oid, (
        SELECT d.refobjid FROM pg_attrdef ad
        JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
        JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid
          AND d.refclassid = 'pg_class'::regclass
        JOIN pg_class s ON s.oid = d.refobjid AND s.relkind = 'S'
        WHERE ad.adrelid = ?::regclass AND a.attname = ?
        ORDER BY d.refobjid LIMIT 1))::text
      """;

  /**
   * Integer columns of tables (plain or partitioned) whose default calls the sequence or which
   * own it, in a stable order; leaving out inheritance children and partitions of another such
   * table, whose rows the parent's maximum includes (read with the parent's privileges).
   */
  private static final String USERS = """
      WITH RECURSIVE users AS (
        SELECT a.attrelid AS relid, n.nspname, c.relname, a.attname FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        WHERE NOT a.attisdropped AND a.attnum > 0
          AND coalesce(nullif(t.typbasetype, 0), t.oid) IN ('int2'::regtype, 'int4'::regtype,
            'int8'::regtype)
          AND (EXISTS (SELECT 1 FROM pg_attrdef ad JOIN pg_depend d
                ON d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid
                AND d.refclassid = 'pg_class'::regclass
              WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum AND d.refobjid = ?::oid)
            OR EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
              AND d.objid = ?::oid AND d.refclassid = 'pg_class'::regclass
              AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum
              AND d.deptype IN ('a', 'i')))),
      ancestors(child, parent) AS (
        SELECT inhrelid, inhparent FROM pg_inherits
        UNION SELECT x.child, i.inhparent FROM ancestors x
          JOIN pg_inherits i ON i.inhrelid = x.parent)
      SELECT u.nspname, u.relname, u.attname FROM users u
      WHERE NOT EXISTS (SELECT 1 FROM ancestors x JOIN users p ON p.relid = x.parent
        AND p.attname = u.attname WHERE x.child = u.relid)
      ORDER BY u.nspname, u.relname, u.attname
      """;

  private PostgresSequences() {}

  /** A column that draws keys from a sequence. */
  record User(TableName table, String column) {}

  /** The oid of the sequence the column draws from, or null when it draws from none. */
  static String sequenceOf(Connection c, PostgresDialect dialect, TableName table, String column)
      throws SQLException {
    String qualified = dialect.qualify(table);
    return SqlQueries.scalar(c, SEQUENCE_OF, qualified, column, qualified, column);
  }

  /**
   * Every column drawing from the sequence whose table is no child of another such table: the
   * table's own (or its ancestor's), and those sharing it.
   */
  static List<User> users(Connection c, String sequenceOid) throws SQLException {
    return new ArrayList<>(SqlQueries.list(c, USERS,
        rs -> new User(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3)),
        sequenceOid, sequenceOid));
  }

  /**
   * Moves the column's sequence past the highest key of every column drawing from it (an
   * inheritance parent's maximum counts its children's rows too); where they are all empty, the
   * sequence restarts at 1. Nothing happens for a column without sequence.
   */
  static void movePastKeys(Connection c, PostgresDialect dialect, TableName table, String column)
      throws SQLException {
    String sequence = sequenceOf(c, dialect, table, column);
    if (sequence == null) {
      return;
    }
    List<User> users = users(c, sequence);
    if (users.isEmpty()) {
      users = List.of(new User(table, column));
    }
    List<String> maxima = new ArrayList<>();
    for (User u : users) {
      maxima.add("SELECT max(" + dialect.quote(u.column()) + ")::bigint AS m FROM "
          + dialect.qualify(u.table()));
    }
    try (var s = c.createStatement()) {
      s.execute("SELECT setval(" + Long.parseLong(sequence) + "::oid::regclass, coalesce(max(m),"
          + " 1), max(m) IS NOT NULL) FROM (" + String.join(" UNION ALL ", maxima) + ") keys");
    }
  }
}
