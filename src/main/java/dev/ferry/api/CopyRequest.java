package dev.ferry.api;

import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.util.Map;
import java.util.Objects;

/**
 * A copy from one endpoint to another.
 *
 * @param from the source: a database or a bundle
 * @param to the target: a database, a bundle or a script directory
 * @param options how it runs
 * @param transformations names and fingerprints of row transformations applied, recorded in
 *     the plan fingerprint and artifacts; empty for a plain copy
 * @param users rewrite identity references with a validated user map; null for none
 * @param tenant the tenant whose rows these are (a consolidation, docs/consolidate.md): its
 *     pairs in the id map are its own, and a run of its plan recorded done is not run again;
 *     null for a copy of no tenant
 * @param tenantColumns a tenant's tables (by source name) and their tenant columns on the
 *     target, whose value is the tenant's id: its resume counts only those rows as its own. A
 *     table absent is shared by the tenants. Empty for a copy of no tenant
 */
public record CopyRequest(Endpoint from, Endpoint to, CopyOptions options,
    Map<String, String> transformations, UsersMapping users, String tenant,
    Map<TableName, String> tenantColumns) {

  /** A copy of no tenant. */
  public CopyRequest(Endpoint from, Endpoint to, CopyOptions options,
      Map<String, String> transformations, UsersMapping users) {
    this(from, to, options, transformations, users, null, Map.of());
  }

  public CopyRequest {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(options, "options");
    transformations = Map.copyOf(transformations);
    tenantColumns = Map.copyOf(tenantColumns);
    if (from instanceof Endpoint.Script) {
      throw new FerryException(ErrorCode.USAGE, "a script directory can only be written, not read;"
          + " give a database or a bundle as the source");
    }
    if (from instanceof Endpoint.Bundle && to instanceof Endpoint.Bundle) {
      throw new FerryException(ErrorCode.USAGE, "both endpoints are bundles; copy the directory"
          + " instead, or give a database on one side");
    }
  }
}
