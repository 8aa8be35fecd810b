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

  /** A bundle as a source, its catalog narrowed to the tables the filter selects. */
  static SourceReader source(Path directory, TableFilter filter) {
    BundleSource bundle = new BundleSource(directory);
    Catalog full = bundle.catalog();
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
      public java.util.List<String> prove(java.util.List<TablePlan> tables) {
        return bundle.prove(tables);
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
