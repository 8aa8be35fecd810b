package dev.ferry.copy;

import static dev.ferry.copy.Stages.millisSince;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.bundle.Bundles;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.copy.PlanStage.Planned;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.jdbc.JdbcSource;
import dev.ferry.rows.ScriptTargets;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TargetWriter;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a copy's two ends: the source it reads and the target it writes. */
final class CopyEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(CopyEndpoints.class);

  private final CopyRequest request;
  private final CopyOptions options;
  private final ScriptTargets scripts;

  CopyEndpoints(CopyRequest request, ScriptTargets scripts) {
    this.request = request;
    this.options = request.options();
    this.scripts = scripts;
  }

  /** Opens the source: a database (its catalog read now) or a bundle. */
  SourceReader source() {
    if (request.from() instanceof Endpoint.Database db) {
      ConnectionSpec spec = db.spec();
      Dialect dialect = Dialects.forUrl(spec.url());
      try (Connection c = Connections.open(spec, dialect, true)) {
        long start = System.nanoTime();
        CatalogReader reader = new CatalogReader(c, dialect);
        Catalog catalog = reader.read(options.schemas(), options.filter());
        if (request.to() instanceof Endpoint.Bundle) {
          // the manifest carries the secondary indexes, for import --create-schema
          catalog = reader.withIndexes(catalog);
        }
        LOG.debug("read the source catalog ({} tables) in {} ms", catalog.tables().size(),
            millisSince(start));
        return new JdbcSource(spec, dialect, catalog);
      } catch (SQLException e) {
        throw new FerryException(ErrorCode.INPUT, "reading the source catalog of "
            + spec.describe() + " failed: " + spec.redact(e.getMessage()), e);
      }
    }
    return Bundles.source(((Endpoint.Bundle) request.from()).directory(), options.schemas(),
        options.filter());
  }

  /** Opens the target the plan writes to: a database, SQL scripts or a bundle. */
  TargetWriter target(Planned planned, MergePlan merges) {
    if (request.to() instanceof Endpoint.Database db) {
      Map<String, List<ValueKind>> keyKinds = new HashMap<>();
      for (CopyPlan.Step step : planned.plan().steps()) {
        for (TablePlan t : step.tables()) {
          List<ValueKind> kinds = new ArrayList<>();
          for (int p : t.keyPositions()) {
            kinds.add(t.columns().get(p).kind());
          }
          keyKinds.put(t.unit(), kinds);
        }
      }
      Set<TableName> partitioned = new java.util.HashSet<>();
      planned.target().tables().stream().filter(t -> Table.PARTITIONED.equals(t.kind()))
          .forEach(t -> partitioned.add(t.name()));
      JdbcTarget target = new JdbcTarget(db.spec(), planned.targetDialect(),
          planned.plan().sessionStatements(), planned.plan().overrideIdentity(), keyKinds,
          // a tenant's run never drops indexes: other tenants' runs may be loading the table
          !options.keepIndexes() && request.tenant() == null, partitioned, options.lockTimeout().toMillis(),
          planned.plan().setAside(), merges);
      target.ranged().plan(KeyRanges.of(planned.plan()));
      return target;
    }
    if (request.to() instanceof Endpoint.Script script) {
      List<String> units = planned.plan().steps().stream().flatMap(s -> s.tables().stream())
          .map(TablePlan::unit).toList();
      return scripts.open(script, planned.source(), planned.plan().loadOrder(), units,
          planned.plan().identityResets(), merges.modes(), merges.versions());
    }
    return Bundles.target(((Endpoint.Bundle) request.to()).directory(), options.gzip());
  }
}
