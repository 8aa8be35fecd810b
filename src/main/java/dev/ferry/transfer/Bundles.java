package dev.ferry.transfer;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.TableFilter;
import dev.ferry.report.Json;
import dev.ferry.transfer.bundle.BundleSource;
import dev.ferry.transfer.bundle.BundleTarget;
import java.nio.file.Path;

/** Opens bundle directories as sources and targets. */
final class Bundles {

  private Bundles() {}

  /**
   * A bundle as a source, its catalog narrowed to the tables the filter selects; a glob that
   * matches none of the bundle's tables is refused.
   */
  static SourceReader source(Path directory, TableFilter filter) {
    return source(directory, filter, true);
  }

  /** As {@link #source(Path, TableFilter)}; {@code everyGlobMatches} false for a counterpart. */
  static SourceReader source(Path directory, TableFilter filter, boolean everyGlobMatches) {
    BundleSource bundle = new BundleSource(directory);
    Catalog full = bundle.catalog();
    if (everyGlobMatches) {
      try {
        filter.requireEveryGlobMatches(full.tables().stream().map(t -> t.name()).toList(),
            "bundle " + directory);
      } catch (RuntimeException e) {
        bundle.close();
        throw e;
      }
    }
    var tables = full.tables().stream().filter(t -> filter.accepts(t.name())).toList();
    Catalog selected = tables.size() == full.tables().size() ? full
        : new Catalog(full.formatVersion(), full.engine(), full.database(), full.schemas(),
            filter, tables, Json.fingerprint(tables));
    return new SourceReader() {
      @Override
      public Catalog catalog() {
        return selected;
      }

      @Override
      public ChunkCursor read(TablePlan table, Object[] afterKey, int chunkSize) {
        return bundle.read(table, afterKey, chunkSize);
      }

      @Override
      public long estimateRows(TablePlan table) {
        return bundle.estimateRows(table);
      }

      @Override
      public void close() {
        bundle.close();
      }
    };
  }

  static TargetWriter target(Path directory, boolean gzip) {
    return new BundleTarget(directory, gzip);
  }
}
