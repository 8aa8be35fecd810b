package dev.ferry.api;

import dev.ferry.catalog.TableFilter;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Write an UPDATE script that rewrites user references of data already loaded untransformed, with
 * its inverse and a dry-run listing.
 *
 * @param from the source environment (database or bundle): its users, reference columns and the
 *     keys each column references
 * @param to the target environment's database, to read its users; null when {@code targetUsers}
 *     is given
 * @param targetUsers an export of the target's users instead of {@code to}; may be null
 * @param config the identity section of ferry.yaml
 * @param map the operator's user map, validated as a copy would
 * @param schemas source schemas to read; empty for the connection's
 * @param filter tables to include or exclude
 * @param dialect {@code postgres}, {@code mysql} or {@code sqlserver}
 * @param out the script to write; its inverse, dry-run listing and summary go beside it
 * @param batchSize mapped keys per UPDATE (default 500)
 * @param pauseMillis pause after each batch, 0 for none
 * @param allKeys every mapped key in every column, instead of the keys the source shows the
 *     column references
 * @param targetSchema the schema to qualify tables with, or null
 */
public record RemapRequest(Endpoint from, Endpoint to, Path targetUsers, IdentityConfig config,
    Path map, List<String> schemas, TableFilter filter, String dialect, Path out, int batchSize,
    int pauseMillis, boolean allKeys, String targetSchema) {

  /** Default mapped keys per batch. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  public RemapRequest {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(map, "map");
    Objects.requireNonNull(out, "out");
    schemas = List.copyOf(schemas);
    filter = filter == null ? TableFilter.all() : filter;
    String named = ScriptFormat.dialectName(dialect);
    if (!ScriptFormat.DIALECTS.contains(named)) {
      throw new FerryException(ErrorCode.USAGE, "--dialect must be one of "
          + String.join(", ", ScriptFormat.DIALECTS) + " (mariadb for mysql), not '" + dialect
          + "'");
    }
    dialect = named;
    if (batchSize < 1 || batchSize > 10_000) {
      throw new FerryException(ErrorCode.USAGE, "--batch-size must be between 1 and 10000 keys,"
          + " not " + batchSize);
    }
    if (pauseMillis < 0 || pauseMillis > 3_600_000) {
      throw new FerryException(ErrorCode.USAGE, "--pause must be between 0 and 3600000 ms, not "
          + pauseMillis);
    }
    if (to == null && targetUsers == null) {
      throw new FerryException(ErrorCode.USAGE, "the target's users are needed to validate the"
          + " map: give --to ENDPOINT or --target-users FILE");
    }
    if (from instanceof Endpoint.Script) {
      throw new FerryException(ErrorCode.USAGE, "--from must be a database or a bundle");
    }
  }
}
