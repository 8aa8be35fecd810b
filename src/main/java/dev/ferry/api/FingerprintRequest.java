package dev.ferry.api;

import dev.ferry.catalog.TableFilter;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code Ferry.fingerprint} reads and where it writes.
 *
 * @param endpoint a database or a bundle
 * @param schemas schemas to read; empty means the connection's current schema
 * @param filter tables to include or exclude
 * @param exactDistinctLimit distinct values counted exactly per column; beyond, a HyperLogLog
 *     sketch with a 0.81% standard error takes over
 * @param batchSize rows per chunk while streaming
 * @param outFile where the fingerprint JSON goes; null writes nothing
 */
public record FingerprintRequest(Endpoint endpoint, List<String> schemas, TableFilter filter,
    int exactDistinctLimit, int batchSize, Path outFile) {

  /** Default distinct values counted exactly per column. */
  public static final int DEFAULT_EXACT_DISTINCT_LIMIT = 100_000;

  public FingerprintRequest {
    Objects.requireNonNull(endpoint, "endpoint");
    schemas = List.copyOf(schemas);
    filter = filter == null ? TableFilter.all() : filter;
    if (exactDistinctLimit < 1 || exactDistinctLimit > 10_000_000) {
      throw new FerryException(ErrorCode.USAGE, "--exact-distinct must be between 1 and"
          + " 10000000, not " + exactDistinctLimit);
    }
    if (batchSize < 1 || batchSize > 1_000_000) {
      throw new FerryException(ErrorCode.USAGE, "--batch-size must be between 1 and 1000000,"
          + " not " + batchSize);
    }
  }
}
