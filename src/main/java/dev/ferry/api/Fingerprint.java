package dev.ferry.api;

import java.util.List;

/**
 * What {@code Ferry.fingerprint} found: per table and column, figures that are the same for the
 * same data on any engine (see docs/verification.md). Written as JSON; everything except {@code
 * timing} is deterministic.
 *
 * @param formatVersion version of this JSON shape
 * @param endpoint the endpoint, credentials masked
 * @param engine the engine the data was read from (a bundle's: the engine it was exported from)
 * @param encoding the canonical encoding the checksums are computed over
 * @param tables per table, sorted by qualified name
 * @param timing when, how long and how fast; kept apart from the compared parts
 */
public record Fingerprint(int formatVersion, String endpoint, String engine, String encoding,
    List<TableFingerprint> tables, Timing timing) {

  public static final int FORMAT_VERSION = 1;

  public Fingerprint {
    tables = List.copyOf(tables);
  }

  /**
   * One table.
   *
   * @param table its qualified name
   * @param rows its row count
   * @param checksum the sum of its row hashes, 16 hex digits: equal for the same rows in any
   *     order on any engine
   * @param columns per column, sorted by name
   */
  public record TableFingerprint(String table, long rows, String checksum,
      List<ColumnFingerprint> columns) {
    public TableFingerprint {
      columns = List.copyOf(columns);
    }
  }

  /**
   * One column.
   *
   * @param name the column's name
   * @param kind its kind (a {@code ValueKind})
   * @param nulls NULL values
   * @param distinct distinct non-NULL values
   * @param min the smallest value in canonical text (cut to 100 characters), null when all NULL
   * @param max the largest value, likewise
   * @param checksum the sum of the non-NULL values' hashes, 16 hex digits
   */
  public record ColumnFingerprint(String name, String kind, long nulls, Distinct distinct,
      String min, String max, String checksum) {}

  /**
   * A distinct count.
   *
   * @param count the count, or its estimate
   * @param exact true when counted exactly
   * @param standardError the estimate's relative standard error (0.0081), absent when exact
   */
  public record Distinct(long count, boolean exact, Double standardError) {}

  /**
   * How long it took.
   *
   * @param startedAt ISO-8601 UTC
   * @param endedAt ISO-8601 UTC
   * @param seconds wall time
   * @param rowsRead rows hashed
   * @param rowsPerSecond rows hashed per second
   */
  public record Timing(String startedAt, String endedAt, double seconds, long rowsRead,
      long rowsPerSecond) {}
}
