package dev.ferry.dialect;

/** Something an engine can or cannot do; ask a dialect with {@link Dialect#supports}. */
public enum Capability {
  /** Tables live in schemas inside a database (PostgreSQL, SQL Server, H2). */
  SCHEMAS,
  /** The JDBC metadata calls schemas "catalogs" (MariaDB/MySQL: a database is a schema). */
  SCHEMAS_ARE_CATALOGS,
  /** Foreign keys may be declared DEFERRABLE and checked at commit. */
  DEFERRABLE_CONSTRAINTS,
  /** Tables may inherit from others or be partitions of a partitioned table. */
  TABLE_INHERITANCE,
  /** A bulk COPY protocol is available (PostgreSQL). */
  COPY,
  /** {@code GROUP BY GROUPING SETS}: several groupings in one scan (PostgreSQL, SQL Server). */
  GROUPING_SETS,
  /** One writer at a time per database (SQLite): tables load one after another. */
  SINGLE_WRITER,
  /** Opening a missing database file creates it, so reads must check the file exists first. */
  CREATES_MISSING_DATABASE,
  /**
   * Table names match whatever their case (SQLite), and the driver reports a foreign key's parent
   * as its clause spells it: {@code REFERENCES parent} for a table created as {@code Parent}.
   */
  CASE_INSENSITIVE_NAMES
}
