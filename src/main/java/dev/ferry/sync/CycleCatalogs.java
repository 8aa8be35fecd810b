package dev.ferry.sync;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.SyncJob;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.TableFilter;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The catalogs a cycle's planning reads (its watermarks, deletes and hash ranges), each read at
 * most once per attempt and only when one of them asks: the source's tables the job copies, and
 * every table of the target.
 */
final class CycleCatalogs {

  private final SyncJob job;
  private Catalog source;
  private Catalog target;

  CycleCatalogs(SyncJob job) {
    this.job = job;
  }

  /** The source's tables as the job selects them ({@code include:} and {@code exclude:}). */
  Catalog source() throws SQLException {
    if (source == null) {
      source = read(job.source(), job.filter());
    }
    return source;
  }

  /** Every table of the target, those that reference the job's tables included. */
  Catalog target() throws SQLException {
    if (target == null) {
      target = read(job.target(), TableFilter.all());
    }
    return target;
  }

  private static Catalog read(ConnectionSpec spec, TableFilter filter) throws SQLException {
    Dialect dialect = Dialects.forUrl(spec.url());
    try (Connection c = Connections.open(spec, dialect, true)) {
      return new CatalogReader(c, dialect).read(List.of(), filter);
    }
  }
}
