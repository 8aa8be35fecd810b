package dev.ferry;

import dev.ferry.api.CastRule;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.api.RunReport;
import dev.ferry.api.SchemaRequest;
import dev.ferry.api.SchemaResult;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.UniqueKey;
import dev.ferry.catalog.TableName;
import dev.ferry.bundle.Bundles;
import dev.ferry.copy.CastFit;
import dev.ferry.copy.Copier;
import dev.ferry.copy.DeferredSchema;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Progress;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.SourceReader;
import dev.ferry.schema.Casts;
import dev.ferry.schema.EarlyBuilds;
import dev.ferry.schema.SchemaWriter;
import dev.ferry.schema.TargetSchema;
import dev.ferry.script.Scripts;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code copy --create-schema}: the DDL {@code ferry schema} writes for the target's engine is
 * checked against the target (refused before anything is written), its tables are created, the
 * copy runs into them and creates the foreign keys after the load. A copy refused by its own preflight after that drops the tables this
 * run created, so a refusal still leaves the target as it was.
 */
final class SchemaCreation {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaCreation.class);

  private SchemaCreation() {}

  /** {@code ferry schema}: the cast rules' types measured with the copy's measuring. */
  static SchemaResult schema(SchemaRequest request) {
    return SchemaWriter.write(request, (c, dialect, catalog, casts) -> castProblems(c, dialect,
        catalog, casts, Dialects.byId(casts.engine())));
  }

  private static List<String> castProblems(Connection c, Dialect source, Catalog catalog,
      Casts casts, Dialect target) throws SQLException {
    var probes = casts.probes();
    return probes.isEmpty() ? List.of() : CastFit.problems(c, source, catalog, probes,
        casts.locations(), target, casts.zeroDates());
  }

  static RunReport copy(CopyRequest request, TargetSchema.Mode mode, Progress progress) {
    return copy(request, mode, List.of(), progress);
  }

  static RunReport copy(CopyRequest request, TargetSchema.Mode mode, List<CastRule> rules,
      Progress progress) {
    if (request.from() instanceof Endpoint.Script
        || !(request.to() instanceof Endpoint.Database to)) {
      throw new FerryException(ErrorCode.USAGE, "--create-schema creates tables in a database"
          + " target; for a bundle or SQL scripts leave it out (ferry schema --out DIR writes"
          + " the DDL as files)");
    }
    if (request.options().dryRun()) {
      throw new FerryException(ErrorCode.USAGE, "--create-schema with --dry-run would write"
          + " nothing to plan against: run ferry schema --out DIR to see the DDL instead");
    }
    boolean resume = request.options().resume() != null;
    TargetSchema schema = request.from() instanceof Endpoint.Bundle bundle
        ? bundleDdl(request, bundle, to, rules)
        : ddl(request, (Endpoint.Database) request.from(), rules);
    Dialect dialect = Dialects.forUrl(to.spec().url());
    List<TableName> created;
    try (Connection c = Connections.open(to.spec(), dialect, false,
        request.options().lockTimeout().toMillis())) {
      Catalog target = TargetSchema.readTarget(c, dialect);
      List<String> problems = schema.problems(c, target, mode, resume);
      if (!problems.isEmpty()) {
        throw new FerryException(ErrorCode.REFUSED, "refused before writing anything:\n  - "
            + String.join("\n  - ", problems));
      }
      created = schema.create(c, target);
      LOG.info("created {} of {} tables on {} ({} notes: ferry schema lists them)",
          created.size(), schema.tableCount(), to.describe(), schema.notes().size());
      schema.unwrittenNotes().forEach(n -> LOG.warn("{}", n));
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "creating the tables on " + to.describe()
          + " failed: " + to.spec().redact(e.getMessage()) + ". What was created stays;"
          + " run the same command with --resume to go on.", e);
    }
    TargetSchema.IndexOpener opener = () -> Connections.open(to.spec(), dialect, false);
    EarlyBuilds early = schema.earlyBuilds(mode, created, opener);
    try {
      return Copier.run(request, RowTransformer.IDENTITY, progress, Scripts.TARGETS,
          afterLoad(schema, early, opener, request.options().parallel()));
    } catch (FerryException e) {
      early.await(); // no build may still run on the tables undo drops
      if (e.code() == ErrorCode.REFUSED && !created.isEmpty()) {
        undo(schema, to, dialect, created, e);
      }
      throw e;
    } finally {
      early.await();
    }
  }

  /**
   * The keys, indexes and foreign keys created after the load: on PostgreSQL each table's keys
   * and indexes as soon as it is loaded ({@code early}), what is still missing then on up to
   * {@code parallel} connections of their own; the plan sees the target without them.
   */
  private static DeferredSchema afterLoad(TargetSchema schema, EarlyBuilds early,
      TargetSchema.IndexOpener opener, int parallel) {
    return new DeferredSchema() {
      @Override
      public List<String> createOutside() throws SQLException {
        early.await();
        return schema.createIndexes(opener, parallel);
      }

      @Override
      public String fingerprint() {
        return schema.fingerprint();
      }

      @Override
      public Catalog beforeLoad(Catalog target) {
        return schema.beforeLoad(target);
      }

      @Override
      public List<String> create(Connection c) throws SQLException {
        return schema.createForeignKeys(c);
      }

      @Override
      public Map<String, String> keysBySource() {
        return schema.keysBySource();
      }

      @Override
      public void tableLoaded(TableName table) {
        early.tableLoaded(table);
      }

      @Override
      public List<String> notes() {
        return schema.unwrittenNotes();
      }
    };
  }

  /** The source's catalog (as the copy selects it) in the target's DDL. */
  private static TargetSchema ddl(CopyRequest request, Endpoint.Database from,
      List<CastRule> rules) {
    Dialect source = Dialects.forUrl(from.spec().url());
    Dialect target = Dialects.forUrl(((Endpoint.Database) request.to()).spec().url());
    try (Connection c = Connections.open(from.spec(), source, true)) {
      CatalogReader reader = new CatalogReader(c, source);
      Catalog catalog = reader.withIndexes(reader.read(request.options().schemas(),
          request.options().filter()));
      Map<TableName, Map<String, List<String>>> labels = catalog.enumLabels();
      Casts casts = Casts.of(rules, catalog, target.id());
      List<String> problems = castProblems(c, source, catalog, casts, target);
      if (!problems.isEmpty()) {
        throw new FerryException(ErrorCode.REFUSED, "refused before writing anything: the"
            + " cast rules give types that do not hold the source's values:\n  - "
            + String.join("\n  - ", problems));
      }
      Map<TableName, Map<String, String>> unwritten = source.unwrittenClauses(c,
          catalog.tables().stream().map(t -> t.name()).toList());
      return keys(request, TargetSchema.of(catalog, labels, target, casts, unwritten,
          loadKeys(request)));
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.INPUT, "reading the catalog of " + from.describe()
          + " failed: " + from.spec().redact(e.getMessage()), e);
    }
  }

  /** A bundle's tables (its manifest's catalog, as the import selects it) in the target's DDL. */
  private static TargetSchema bundleDdl(CopyRequest request, Endpoint.Bundle bundle,
      Endpoint.Database to, List<CastRule> rules) {
    Catalog catalog;
    try (SourceReader reader = Bundles.source(bundle.directory(), request.options().schemas(),
        request.options().filter())) {
      catalog = reader.catalog();
    }
    Dialect target = Dialects.forUrl(to.spec().url());
    // a bundle's values cannot be measured before they are read: the copy's preflight judges
    // them by declared types, and verify by value, against the created columns
    return keys(request, TargetSchema.ofBundle(catalog, target, Casts.of(rules, catalog,
        target.id()), loadKeys(request)));
  }

  /**
   * The schema with its primary keys added after the load (PostgreSQL: {@link
   * TargetSchema#keysAfterLoad}), unless the load looks rows up in the target by them: a merge
   * mode, a key policy other than preserve, a tenant's copy.
   */
  private static TargetSchema keys(CopyRequest request, TargetSchema schema) {
    var options = request.options();
    boolean plain = options.merge() == null && options.tableMerges().isEmpty()
        && (options.keys() == null || options.keys() == dev.ferry.api.KeyPolicy.PRESERVE)
        && request.tenant() == null;
    return plain ? schema.keysAfterLoad() : schema;
  }

  /**
   * The unique keys the load relies on, kept in {@code CREATE TABLE}: a {@code keys: match}
   * table's natural key, which each chunk's rows are looked up in the target by (its index
   * serves the lookups from the first chunk on). The others are created after the load.
   */
  private static BiPredicate<Table, UniqueKey> loadKeys(CopyRequest request) {
    return (table, unique) -> request.options().tableMerges().stream().anyMatch(m ->
        m.naturalKey() != null && (m.table().contains(".") ? table.name().qualified()
            : table.name().name()).equalsIgnoreCase(m.table())
        && lower(m.naturalKey().columns()).equals(lower(unique.columns())));
  }

  private static Set<String> lower(List<String> columns) {
    Set<String> out = new TreeSet<>();
    columns.forEach(c -> out.add(c.toLowerCase(Locale.ROOT)));
    return out;
  }

  private static void undo(TargetSchema schema, Endpoint.Database to, Dialect dialect,
      List<TableName> created, FerryException refusal) {
    try (Connection c = Connections.open(to.spec(), dialect, false)) {
      schema.drop(c, created);
      LOG.info("dropped the {} tables this run created: the copy was refused", created.size());
    } catch (SQLException e) {
      refusal.addSuppressed(e);
      LOG.warn("the copy was refused, and dropping the {} tables this run created failed: {}",
          created.size(), to.spec().redact(e.getMessage()));
    }
  }
}
