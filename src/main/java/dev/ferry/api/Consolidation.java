package dev.ferry.api;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A consolidation manifest (docs/consolidate.md): many tenant databases of one schema loaded
 * into one target, each tenant's rows marked with its tenant id and given the target's keys.
 *
 * @param file the manifest, for messages
 * @param target the target database
 * @param tenantColumn the tenant column of every table not named otherwise in {@code tables}
 * @param tables per source table name (as written in the manifest), its settings
 * @param tenants the tenants, in the manifest's order (the order they are loaded in)
 * @param batchSize rows per chunk
 * @param drift how differences between the tenants' schemas are handled
 */
public record Consolidation(Path file, ConnectionSpec target, String tenantColumn,
    Map<String, TableSettings> tables, List<Tenant> tenants, int batchSize, Drift drift) {

  public Consolidation {
    Objects.requireNonNull(target, "target");
    // sorted: what a tenant's plan is built from never depends on a map's iteration order
    tables = Collections.unmodifiableMap(new TreeMap<>(tables));
    tenants = List.copyOf(tenants);
  }

  /**
   * One tenant.
   *
   * @param name its name in reports and messages
   * @param id the value written into the tenant column of its rows, and its part of the id map
   * @param source its database
   * @param location {@code file:line} of its entry in the manifest
   * @param files the files its tables' rows point to, each from its own store into the
   *     target's ({@code tables.T.files} with the tenant's {@code files: {T: store}})
   */
  public record Tenant(String name, String id, ConnectionSpec source, String location,
      List<FileRule> files) {

    public Tenant {
      files = files == null ? List.of() : List.copyOf(files);
    }

    /** A tenant without files. */
    public Tenant(String name, String id, ConnectionSpec source, String location) {
      this(name, id, source, location, List.of());
    }

    @Override
    public String toString() {
      return "Tenant[" + name + " at " + location + "]";
    }
  }

  /**
   * One table's settings.
   *
   * @param tenantColumn its tenant column; the empty string for a table every tenant shares
   *     ({@code tenant-column: none}); null for the manifest's default
   * @param keys its key policy; null for the default ({@code remap} for a tenant table, {@code
   *     preserve} for a shared one)
   * @param merge its merge mode; null for the default ({@code skip})
   * @param transforms per target column, the value ferry computes for it
   */
  public record TableSettings(String tenantColumn, KeyPolicy keys, MergeMode merge,
      Map<String, Transform> transforms) {
    public TableSettings {
      // sorted by column: the order computed columns are added in is part of a tenant's plan
      // (its fingerprint, which a resume must find again in another process)
      transforms = Collections.unmodifiableMap(new TreeMap<>(transforms));
    }
  }

  /**
   * A target column's computed value: a constant, or a UUID derived from the row's legacy key.
   *
   * @param kind what is computed
   * @param value the constant's text; null for {@link Kind#UUID_FROM_KEY}
   */
  public record Transform(Kind kind, String value) {
    /** What a transform computes. */
    public enum Kind {
      /** The same value in every row. */
      CONSTANT,
      /** A name-based (version 5) UUID of the tenant id, the table and the row's source key. */
      UUID_FROM_KEY
    }
  }

  /** How a tenant whose schema differs from the first tenant's is handled. */
  public enum Drift {
    /** Refused before the first write, with the differences per tenant. */
    REFUSE,
    /** Columns a tenant has beyond the first tenant's are not copied; any other drift refused. */
    IGNORE_EXTRA_COLUMNS
  }
}
