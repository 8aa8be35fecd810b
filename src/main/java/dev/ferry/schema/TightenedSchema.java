package dev.ferry.schema;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.SchemaRequest;
import dev.ferry.api.SchemaResult;
import dev.ferry.api.TightenOptions;
import dev.ferry.api.TightenResult;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import dev.ferry.schema.TighteningCandidates.Candidate;
import dev.ferry.schema.TighteningCandidates.Kind;
import dev.ferry.schema.TighteningDecisions.Decision;
import dev.ferry.schema.TighteningPolicy.Mode;
import dev.ferry.schema.TighteningPolicy.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code ferry schema --tighten}: reads the catalog, finds the candidate constraints, profiles the
 * source for their evidence, decides each by the policy matrix, and writes the DDL with the added
 * constraints and {@code schema-decisions.json}. Every refusal (the mode, the directory, a
 * configured reference) comes before the profile and before the first file.
 */
public final class TightenedSchema {

  private TightenedSchema() {}

  /**
   * Writes the tightened DDL of the request's source.
   *
   * @throws FerryException {@link ErrorCode#USAGE} for an unknown mode or dialect, {@link
   *     ErrorCode#CONFIGURATION} for a configured reference the catalog does not hold, and what
   *     {@link SchemaWriter#write(SchemaRequest)} throws; nothing is written then
   */
  public static TightenResult write(SchemaRequest request, TightenOptions options) {
    Mode mode = Mode.of(options.mode());
    TargetDialect target = TargetDialect.of(request.dialect());
    if (options.minRows() < 0) {
      throw new FerryException(ErrorCode.USAGE, "--tighten-min-rows must be 0 or more, not "
          + options.minRows());
    }
    SchemaWriter.checkDirectory(request.outDir());
    ConnectionSpec spec = request.endpoint();
    Dialect dialect = Dialects.forUrl(spec.url());
    Catalog catalog;
    Map<TableName, Map<String, List<String>>> labels;
    List<Candidate> candidates;
    Map<Candidate, TighteningProfile.Counts> evidence;
    try (Connection connection = Connections.open(spec, dialect, true)) {
      CatalogReader reader = new CatalogReader(connection, dialect);
      catalog = reader.withIndexes(reader.read(request.schemas(), request.filter()));
      labels = catalog.enumLabels();
      candidates = TighteningCandidates.find(catalog, options.references());
      evidence = TighteningProfile.profile(connection, dialect, catalog, candidates,
          target.name().equals("sqlserver"));
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.INPUT, "profiling " + spec.describe()
          + " for --tighten failed: " + spec.redact(e.getMessage()), e);
    }
    List<Decision> decisions = TighteningDecisions.decide(candidates, evidence, mode,
        options.minRows(), target, Dialects.byId(target.engine()));
    TighteningReport report = TighteningReport.of(mode, options.minRows(), target, catalog,
        decisions);
    SchemaResult schema = SchemaWriter.write(TighteningDecisions.apply(catalog, decisions),
        labels, target, request.outDir(), spec.describe(), Casts.NONE, List.of(),
        Map.of(TighteningReport.FILE, Json.pretty(report)));
    return new TightenResult(schema, mode.label, (int) report.added(Kind.NOT_NULL, decisions),
        (int) report.added(Kind.UNIQUE, decisions), (int) report.added(Kind.FOREIGN_KEY,
            decisions), (int) decisions.stream().filter(d -> !d.outcome().creates).count(),
        decisions.stream().filter(d -> d.outcome() == Outcome.REMEDIATE)
            .map(TighteningReport::remediationLine).toList());
  }
}
