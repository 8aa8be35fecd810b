package dev.ferry.api;

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
 */
public record CopyRequest(Endpoint from, Endpoint to, CopyOptions options,
    Map<String, String> transformations, UsersMapping users) {

  public CopyRequest {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(options, "options");
    transformations = Map.copyOf(transformations);
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
