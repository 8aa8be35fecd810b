package dev.ferry.schema;

/**
 * What a source column's type means, independent of the engine that declared it: the middle of
 * the two mapping tables (source engine → portable type → target dialect), so that five source
 * engines and five target dialects need ten tables, not twenty-five.
 */
enum PortableType {
  /** Signed 8-bit integer. */
  TINYINT,
  /** Signed 16-bit integer. */
  SMALLINT,
  /** Signed 24-bit integer (MariaDB's MEDIUMINT). */
  MEDIUMINT,
  /** Signed 32-bit integer. */
  INTEGER,
  /** Signed 64-bit integer. */
  BIGINT,
  /** Unsigned 8-bit integer. */
  UTINYINT,
  /** Unsigned 16-bit integer. */
  USMALLINT,
  /** Unsigned 24-bit integer. */
  UMEDIUMINT,
  /** Unsigned 32-bit integer. */
  UINTEGER,
  /** Unsigned 64-bit integer. */
  UBIGINT,
  /** Exact decimal; a precision of null means unbounded. */
  DECIMAL,
  /** binary32. */
  REAL,
  /** binary64. */
  DOUBLE,
  /** TRUE or FALSE. */
  BOOLEAN,
  /** Text without a declared length (or one too large to matter; the size says how large). */
  TEXT,
  /** Text of at most {@code size} characters. */
  VARCHAR,
  /** Text of exactly {@code size} characters, blank-padded. */
  CHAR,
  /** Bytes without a declared length. */
  BINARY,
  /** Bytes of at most {@code size}. */
  VARBINARY,
  /** A calendar date. */
  DATE,
  /** A time of day; the scale is its fractional digits. */
  TIME,
  /** A date and time without zone; the scale is its fractional digits. */
  TIMESTAMP,
  /** MariaDB's TIMESTAMP: an instant kept as UTC and shown in the session's time zone. */
  MARIADB_TIMESTAMP,
  /** An instant with its zone. */
  TIMESTAMPTZ,
  /** MariaDB's YEAR. */
  YEAR,
  /** A UUID. */
  UUID,
  /** JSON text as written. */
  JSON,
  /** PostgreSQL's binary JSON (keys sorted, duplicates removed). */
  JSONB,
  /** One of a list of labels. */
  ENUM,
  /** MariaDB's SET: any combination of a list of labels, as text {@code a,b}. */
  SET,
  /** A PostgreSQL array; the source type names the element type. */
  ARRAY,
  /** PostgreSQL's interval. */
  INTERVAL,
  /** SQLite's column without a type: each value as stored. */
  ANY
}
