package dev.ferry.api;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code Ferry.inspect} found.
 *
 * @param endpoint the masked description of the endpoint read
 * @param catalog the catalog
 * @param loadOrder the planned load order, with its proof
 * @param written the artifact files written, in writing order
 */
public record InspectResult(String endpoint, Catalog catalog, LoadOrder loadOrder,
    List<Path> written) {

  public InspectResult {
    written = List.copyOf(written);
  }
}
