package dev.ferry.jdbc;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Endpoint;
import dev.ferry.bundle.Bundles;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.copy.CopyPlanner;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Opens any endpoint as a {@link SourceReader} for the packages that read without copying
 * (verification, fingerprints), and answers the planner's questions they share: which key a table
 * is read by, which target table matches a source table.
 */
public final class Sources {

  private Sources() {}

  /**
   * Reads the endpoint's catalog and opens it for reading: a database through read-only
   * connections in a repeatable-read snapshot, a bundle through its files.
   *
   * @param schemas schemas to read (databases); empty for the connection's current schema
   * @param filter tables to include or exclude
   * @throws FerryException {@code CONNECTION} or {@code INPUT} when the endpoint cannot be read
   */
  public static SourceReader open(Endpoint endpoint, List<String> schemas, TableFilter filter) {
    return open(endpoint, schemas, filter, true);
  }

  /**
   * @param everyGlobMatches whether a glob of the filter that matches no table is refused (see
   *     {@link CatalogReader#read(List, TableFilter, boolean)})
   */
  private static SourceReader open(Endpoint endpoint, List<String> schemas, TableFilter filter,
      boolean everyGlobMatches) {
    if (endpoint instanceof Endpoint.Database db) {
      ConnectionSpec spec = db.spec();
      Dialect dialect = Dialects.forUrl(spec.url());
      try (Connection c = Connections.open(spec, dialect, true)) {
        Catalog catalog = new CatalogReader(c, dialect).read(schemas, filter, everyGlobMatches);
        return new JdbcSource(spec, dialect, catalog);
      } catch (SQLException e) {
        throw new FerryException(ErrorCode.INPUT, "reading the catalog of " + spec.describe()
            + " failed: " + spec.redact(e.getMessage()), e);
      }
    }
    return Bundles.source(((Endpoint.Bundle) endpoint).directory(), schemas, filter,
        everyGlobMatches);
  }

  /**
   * Opens a second database endpoint whose tables correspond to those of {@code reference}: its
   * schemas are the reference's schema names where it has them, else its current schema (on
   * MariaDB a schema is a database, and the URL names the one to read).
   */
  private static SourceReader openCounterpart(Endpoint endpoint, Catalog reference,
      TableFilter filter) {
    if (!(endpoint instanceof Endpoint.Database db)) {
      return open(endpoint, List.of(), filter, false);
    }
    return openCounterpart(db, reference.schemas(), filter);
  }

  /**
   * Opens a source and its counterpart ({@link #openCounterpart}), reading both catalogs at once
   * when both are databases: the counterpart's schemas are named after the source's, which are
   * known (asked for, or the connection's current one) before its catalog is read.
   *
   * @return the source's reader, then the counterpart's
   */
  public static List<SourceReader> openPair(Endpoint from, Endpoint to, List<String> schemas,
      TableFilter filter) {
    if (!(from instanceof Endpoint.Database db) || !(to instanceof Endpoint.Database target)) {
      SourceReader source = open(from, schemas, filter);
      try {
        return List.of(source, openCounterpart(to, source.catalog(), filter));
      } catch (RuntimeException e) {
        source.close();
        throw e;
      }
    }
    List<String> sourceSchemas = schemaNames(db, schemas);
    CompletableFuture<SourceReader> counterpart = CompletableFuture.supplyAsync(
        () -> openCounterpart(target, sourceSchemas, filter));
    SourceReader source;
    try {
      source = open(from, schemas, filter);
    } catch (RuntimeException e) {
      counterpart.thenAccept(SourceReader::close);
      throw e;
    }
    try {
      return List.of(source, counterpart.join());
    } catch (CompletionException e) {
      source.close();
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private static SourceReader openCounterpart(Endpoint.Database db, List<String> referenceSchemas,
      TableFilter filter) {
    Dialect dialect = Dialects.forUrl(db.spec().url());
    List<String> schemas;
    try (Connection c = Connections.open(db.spec(), dialect, true)) {
      schemas = counterpartSchemas(referenceSchemas, dialect, c);
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.INPUT, "reading the schemas of " + db.describe()
          + " failed: " + db.spec().redact(e.getMessage()), e);
    }
    return open(db, schemas, filter, false);
  }

  /**
   * The names of the schemas a catalog of this database would be read from, before reading it:
   * those asked for, else the connection's current one (none on engines without schemas).
   */
  public static List<String> schemaNames(Endpoint.Database db, List<String> requested) {
    if (!requested.isEmpty()) {
      return requested;
    }
    Dialect dialect = Dialects.forUrl(db.spec().url());
    try (Connection c = Connections.open(db.spec(), dialect, true)) {
      String current = dialect.currentSchema(c);
      return current == null ? List.of() : List.of(current);
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.INPUT, "reading the catalog of " + db.describe()
          + " failed: " + db.spec().redact(e.getMessage()), e);
    }
  }

  private static List<String> counterpartSchemas(List<String> reference, Dialect dialect,
      Connection c) throws SQLException {
    if (!dialect.supports(Capability.SCHEMAS)) {
      return List.of();
    }
    List<String> known = dialect.schemas(c);
    return reference.stream()
        .map(s -> known.stream().filter(k -> k.equalsIgnoreCase(s)).findFirst().orElse(null))
        .filter(Objects::nonNull).distinct().toList();
  }

  /**
   * Reads column {@code i} of the current row as the canonical Java value of its kind (see
   * {@link ValueKind}); null for SQL NULL.
   */
  public static Object readValue(ResultSet rs, int i, ValueKind kind) throws SQLException {
    return JdbcValues.read(rs, i, kind);
  }
}
