package dev.ferry.api;

import dev.ferry.catalog.TableFilter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code Ferry.inspect} reads and where it writes.
 *
 * @param endpoint the database to read
 * @param schemas schemas to read; empty means the connection's current schema
 * @param filter tables to include or exclude
 * @param outDir where {@code catalog.json} and {@code load-order.json} go; null writes nothing
 */
public record InspectRequest(
    ConnectionSpec endpoint, List<String> schemas, TableFilter filter, Path outDir) {

  public InspectRequest {
    Objects.requireNonNull(endpoint, "endpoint");
    schemas = List.copyOf(schemas);
    filter = filter == null ? TableFilter.all() : filter;
  }
}
