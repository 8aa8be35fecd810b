package dev.ferry.rows;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder;
import java.util.Map;

/**
 * What a target is told when a run starts or resumes.
 *
 * @param runId the run's id
 * @param planFingerprint {@code sha256:} over everything that decides what is written; a resume
 *     with another fingerprint is refused
 * @param source the source, credentials masked
 * @param catalog the source catalog
 * @param loadOrder the load order planned for the target
 * @param transformations transformations applied to rows (e.g. a user map and its fingerprint),
 *     recorded in artifacts; empty when rows are copied as they are
 */
public record RunHeader(String runId, String planFingerprint, String source, Catalog catalog,
    LoadOrder loadOrder, Map<String, String> transformations) {

  public RunHeader {
    transformations = Map.copyOf(transformations);
  }
}
