package dev.ferry.bundle;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.TableFilter;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TargetWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens bundle directories as sources and targets. */
public final class Bundles {

  private Bundles() {}

  /**
   * A bundle as a source, its catalog narrowed to the tables of the schemas and the filter; a
   * schema the bundle does not hold and a glob that matches none of its tables are refused.
   *
   * @param schemas schemas to read, as {@code --schema}; empty for all the bundle holds
   */
  public static SourceReader source(Path directory, List<String> schemas, TableFilter filter) {
    return source(directory, schemas, filter, true);
  }

  /**
   * As {@link #source(Path, List, TableFilter)}; {@code everyGlobMatches} false for the
   * counterpart of a selection read elsewhere, which takes the bundle's every schema.
   */
  public static SourceReader source(Path directory, List<String> schemas, TableFilter filter,
      boolean everyGlobMatches) {
    BundleSource bundle = new BundleSource(directory);
    Catalog full = bundle.catalog();
    List<String> chosen;
    try {
      chosen = schemas(full, schemas, directory);
      if (everyGlobMatches) {
        filter.requireEveryGlobMatches(full.tables().stream().map(t -> t.name())
            .filter(n -> chosen == null || chosen.contains(n.schema())).toList(),
            "bundle " + directory);
      }
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
    var tables = full.tables().stream().filter(t -> filter.accepts(t.name()))
        .filter(t -> chosen == null || chosen.contains(t.name().schema())).toList();
    Catalog selected = tables.size() == full.tables().size() ? full
        : new Catalog(full.formatVersion(), full.engine(), full.database(),
            chosen == null ? full.schemas() : chosen, filter, tables, Json.fingerprint(tables));
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

  /** The bundle's schemas that {@code --schema} names, as it spells them; null for all. */
  private static List<String> schemas(Catalog bundle, List<String> requested, Path directory) {
    if (requested.isEmpty()) {
      return null;
    }
    List<String> known = bundle.schemas();
    if (known.isEmpty()) {
      throw new FerryException(ErrorCode.USAGE, "--schema was given, but the tables of bundle "
          + directory + " (from " + bundle.engine() + ") have no schemas. Leave it out.");
    }
    List<String> chosen = new ArrayList<>();
    for (String schema : requested) {
      chosen.add(known.stream().filter(k -> k.equalsIgnoreCase(schema)).findFirst()
          .orElseThrow(() -> new FerryException(ErrorCode.INPUT, "schema '" + schema
              + "' not found in bundle " + directory + "; it has: " + String.join(", ", known)
              + ". Name one of these with --schema.")));
    }
    return chosen;
  }

  public static TargetWriter target(Path directory, boolean gzip) {
    return new BundleTarget(directory, gzip);
  }
}
