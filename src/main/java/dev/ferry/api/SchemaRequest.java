package dev.ferry.api;

import dev.ferry.catalog.TableFilter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code Ferry.schema} reads and where it writes the target's DDL.
 *
 * @param endpoint the source database
 * @param schemas schemas to read; empty means the connection's current schema
 * @param filter tables to include or exclude
 * @param dialect the target: {@code postgres}, {@code mysql} (or {@code mariadb}), {@code
 *     sqlite}, {@code h2} or {@code sqlserver}
 * @param outDir the directory for the files: new, empty, or holding an earlier schema output
 * @param casts {@code ferry.yaml}'s cast rules, in file order; empty for none
 */
public record SchemaRequest(ConnectionSpec endpoint, List<String> schemas, TableFilter filter,
    String dialect, Path outDir, List<CastRule> casts) {

  /** A request without cast rules. */
  public SchemaRequest(ConnectionSpec endpoint, List<String> schemas, TableFilter filter,
      String dialect, Path outDir) {
    this(endpoint, schemas, filter, dialect, outDir, List.of());
  }

  public SchemaRequest {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(outDir, "outDir");
    schemas = List.copyOf(schemas);
    filter = filter == null ? TableFilter.all() : filter;
    casts = casts == null ? List.of() : List.copyOf(casts);
  }
}
