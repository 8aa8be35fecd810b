package dev.ferry.verify;

import dev.ferry.api.VerificationReport;
import dev.ferry.api.VerificationReport.OrphanResult;
import dev.ferry.api.VerificationReport.TableResult;
import dev.ferry.api.VerificationReport.TableTiming;
import dev.ferry.api.VerifyRequest;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.identity.ColumnRef;
import dev.ferry.jdbc.Sources;
import dev.ferry.json.Json;
import dev.ferry.report.HtmlFiles;
import dev.ferry.report.HtmlReport;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.AllowlistReader;
import dev.ferry.rows.KeyAllowlist;
import dev.ferry.rows.KeyRange;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.ValueKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that a target holds the source's data: lines up the tables, hashes both sides of each
 * (inside PostgreSQL where it can, else streaming), locates differing rows by key, proves the
 * target's references, and writes {@code verification.json}. See docs/verification.md.
 */
public final class Verifier {

  /** File name of the report. */
  public static final String REPORT_FILE = "verification.json";
  /** File name of the readable, self-contained report beside it. */
  public static final String HTML_FILE = "report.html";

  private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

  private final VerifyRequest request;
  /** A consolidation tenant's scope; null for a plain verification. */
  private final Tenancy tenancy;
  private final List<String> notes = new ArrayList<>();
  private RuleBook book;
  /** Per source table, its two sides' digests computed elsewhere ({@link VerifyUnits}); or null. */
  private final Map<String, TableDigest[]> given;

  private Verifier(VerifyRequest request, Tenancy tenancy, Map<String, TableDigest[]> given) {
    this.request = request;
    this.tenancy = tenancy;
    this.given = given == null ? null : new TreeMap<>(given);
  }

  /** The rules a verification answers: remapped references only where something is rewritten. */
  private static RuleBook book(boolean rewritten, boolean references, boolean files) {
    List<String> rules = new ArrayList<>(List.of(RuleBook.TABLES, RuleBook.ROW_COUNT,
        RuleBook.NULL_COUNT, RuleBook.CHECKSUM));
    if (rewritten) {
      rules.add(RuleBook.REMAPPED);
    }
    rules.add(RuleBook.ROWS);
    if (references) {
      rules.add(RuleBook.ORPHANS);
    }
    if (files) {
      rules.addAll(List.of(RuleBook.FILES, RuleBook.FILE_ORPHANS));
    }
    return new RuleBook(rules);
  }

  /**
   * Compares the request's source and target.
   *
   * @return the report (also written as {@code verification.json} when an out directory is set);
   *     its {@code passed} says whether every rule held
   * @throws FerryException {@code CONNECTION}, {@code INPUT} or {@code CONFIGURATION} when an
   *     endpoint cannot be read or the map is malformed (nothing is written then)
   */
  public static VerificationReport verify(VerifyRequest request) {
    return new Verifier(request, null, null).run();
  }

  /**
   * Compares with each table's digests given (by source table), as {@link VerifyUnits#report}
   * adds them up from its units; the rest as {@link #verify(VerifyRequest)}.
   *
   * @throws FerryException {@code INPUT} when a compared table has no digest, or a digest names
   *     a table that is not compared (before anything is written)
   */
  static VerificationReport verify(VerifyRequest request, Map<String, TableDigest[]> given) {
    return new Verifier(request, null, given).run();
  }

  /**
   * Compares one consolidation tenant's source with its rows in the target, through its pairs of
   * the id map ({@link Tenancy}); otherwise as {@link #verify(VerifyRequest)}.
   */
  public static VerificationReport verify(VerifyRequest request, Tenancy tenancy) {
    return new Verifier(request, tenancy, null).run();
  }

  private VerificationReport run() {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ReferenceMap map = request.usersMap() == null ? null : ReferenceMap.read(request.usersMap());
    KeptRows kept = request.audit() == null ? null : new KeptRows(request.audit());
    if (kept != null) {
      kept.check();
    }
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "ferry-verify");
      t.setDaemon(true);
      return t;
    });
    ExecutorService orphanThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ferry-verify-references");
      t.setDaemon(true);
      return t;
    });
    TableFilter filter = withIdentityTable(request.filter(), map);
    FileCheck files = request.files().isEmpty() ? null : FileCheck.open(request.files());
    List<SourceReader> readers = Sources.openPair(request.from(), request.to(),
        request.schemas(), filter);
    try (SourceReader sourceRows = tenancy == null ? readers.get(0)
            : tenancy.source().apply(readers.get(0));
        SourceReader targetRows = readers.get(1);
        IdMapKeys idMap = IdMapKeys.open(request.to(), tenancy == null ? "" : tenancy.tenant(),
            sourceRows.catalog(), request.tableMerges(), notes)) {
      Catalog sc = sourceRows.catalog();
      Catalog tc = targetRows.catalog();
      var zeroDates = dev.ferry.rows.ZeroDates.columns(request.casts(), sc);
      sourceRows.nullZeroDates(zeroDates);
      zeroDates.forEach((t, columns) -> columns.forEach((c, rule) -> notes.add(t + "." + c
          + ": the source's zero dates are compared as NULL (cast rule at " + rule + ")")));
      book = book(map != null || idMap != null, tenancy == null || tenancy.references(),
          files != null);
      if (idMap != null) {
        for (String t : idMap.tables()) {
          boolean compared = sc.tables().stream().anyMatch(x -> x.name().qualified().equals(t));
          notes.add(compared ? t + " is compared under the target keys ferry's id map gave its"
              + " rows, and every reference to it through the same map" : "references to " + t
              + " (not compared here) are compared through ferry's id map");
        }
      }
      Map<TableName, MergePromises.Promise> promises = MergePromises.of(request, sc, notes);
      Map<TableName, String> filters = RowFilterSides.of(request, sc);
      List<Map<TableName, KeyAllowlist>> allowlists = RowFilterSides.allowlists(request, sc, tc);
      SourceReader source = AllowlistReader.of(sourceRows, allowlists.get(0));
      SourceReader target = AllowlistReader.of(targetRows, allowlists.get(1));
      boolean streaming = request.streaming() || !allowlists.get(0).isEmpty();
      Set<ColumnRef> references = new HashSet<>();
      TableName identity = null;
      if (map != null) {
        Table identityTable = ReferenceColumns.identityTable(sc, request.identity());
        identity = identityTable.name();
        ValueKind sourceKey = keyKind(identityTable, request.identity().key());
        ValueKind targetKey = ReferenceColumns.find(tc, request.identity().table())
            .map(t -> keyKind(t, request.identity().key())).orElse(sourceKey);
        map = map.forKeys(sourceKey, targetKey);
        Map<String, String> created = ReferenceColumns.createdUsers(request, tc,
            request.identity().table());
        if (!created.isEmpty()) {
          map = map.withCreated(created);
          notes.add(created.size() + " users the create fallback inserted into the target are"
              + " compared under their new keys (from the target's state table)");
        }
        references.addAll(ReferenceColumns.of(sc, request.identity()));
        notes.add("identity table " + identity + " is not compared: the target's users are the"
            + " target's; references to it are compared through the user map");
      }
      LOG.debug("read both catalogs in {} ms", Duration.between(started, Instant.now())
          .toMillis());
      // The reference check is the target server's work: it runs while the tables are hashed.
      Future<List<OrphanResult>> orphanCheck = tenancy != null && !tenancy.references() ? null
          : ReferenceCheck.start(request, tc, map != null, orphanThread, notes);
      PostgresServer sourceServer = PostgresServer.of(request.from(), streaming);
      PostgresServer targetServer = PostgresServer.of(request.to(), streaming);
      List<TableResult> tables = new ArrayList<>();
      Map<String, TableTiming> timings = new TreeMap<>();
      long rowsRead = 0;
      Set<TableName> matchedTargets = new HashSet<>();
      for (Table st : sc.tables()) {
        if (!st.holdsOwnRows()) {
          notes.add(st.name() + " is a " + st.kind() + " and holds no rows of its own: not"
              + " compared" + (Table.PARTITIONED.equals(st.kind()) ? " (its partitions are)"
                  : ""));
          continue;
        }
        if (st.name().equals(identity)) {
          TableMatch.match(tc, st.name()).ifPresent(t -> matchedTargets.add(t.name()));
          continue;
        }
        book.checked(RuleBook.TABLES);
        Table tt = TableMatch.match(tc, st.name()).orElse(null);
        if (tt == null) {
          book.fail(RuleBook.TABLES, st.name().qualified(), null, "the target has no table "
              + st.name().name() + " (it has " + tc.tables().size() + " tables in "
              + String.join(", ", tc.schemas()) + ")");
          continue;
        }
        matchedTargets.add(tt.name());
        ComparedTable ct = ComparedTable.of(st, sc.engine(), tt, tc.engine(), references, map,
            idMap);
        ct = files == null ? ct : files.rewrite(ct);
        String condition = filters.get(st.name());
        if (condition != null) {
          ct = ct.withRowFilter(condition);
          notes.add(st.name() + ": only the rows where (" + condition + ") are compared, on"
              + " both sides");
        }
        String tenantRows = tenancy == null ? null : tenancy.targetRows().get(st.name());
        if (tenantRows != null) {
          ct = ct.withTargetRowFilter(tenantRows);
          notes.add(st.name() + ": the target's rows of tenant " + tenancy.tenant()
              + " are compared (" + tenantRows + ")");
        }
        for (String column : ct.missing()) {
          book.fail(RuleBook.TABLES, st.name().qualified(), column, "the target table "
              + tt.name() + " has no column " + column + "; it is not compared");
        }
        for (String column : ct.computed()) {
          notes.add(st.name() + "." + column + " is computed: neither copied nor compared");
        }
        if (!ct.extra().isEmpty()) {
          notes.add("target table " + tt.name() + " has columns the source lacks, not compared: "
              + String.join(", ", ct.extra()));
        }
        if (!ct.keyed()) {
          notes.add(st.name() + " has no primary or non-null unique key: its rows are compared"
              + " as a multiset of whole rows");
        }
        MergePromises.Promise promise = ct.keyed() ? promises.get(st.name()) : null;
        if (promise != null) {
          notes.add(st.name() + " was merged (" + promise.where() + "): its rows are held to"
              + " what merge " + promise.mode().label() + " promises, not compared as a copy");
        }
        TableComparison.Outcome outcome;
        TableDigest[] digests = given == null ? null : given.remove(st.name().qualified());
        if (given != null && digests == null) {
          throw new FerryException(ErrorCode.INPUT, "no digest was given for " + st.name()
              + ", which is compared: plan the units again and digest every one of them");
        }
        List<KeyRange> ranges = promise != null || tenancy != null || condition != null
            || !allowlists.get(0).isEmpty() || digests != null ? List.of()
            : RangedSide.split(ct, source, request);
        // a merged table's kept rows are fingerprinted from their values: ferry reads them
        try (TableSide s = side(ct.sourceSide(), source, promise == null ? sourceServer : null,
                ranges, digests == null ? null : digests[0]);
            TableSide t = side(ct.targetSide(), target, promise == null ? targetServer : null,
                ranges, digests == null ? null : digests[1])) {
          LOG.debug("verifying {} ({} / {})", st.name(), s.method(), t.method());
          outcome = TableComparison.run(ct, s, t, request.maxDiffs(), pool, promise == null
              ? null : new TableComparison.Merged(promise, kept, request.batchSize()));
        } catch (FerryException e) {
          if (e.code() != ErrorCode.INPUT) {
            throw e;
          }
          book.fail(RuleBook.TABLES, st.name().qualified(), null, "cannot be read: "
              + e.getMessage());
          continue;
        }
        tables.add(outcome.result());
        Verdicts.table(book, outcome.result(), idMap == null ? Set.of()
            : ct.names().stream().filter(n -> !references.contains(new ColumnRef(st.name(), n))
                && idMap.columns().contains(new ColumnRef(st.name(), n))).collect(
                    java.util.stream.Collectors.toSet()));
        rowsRead += outcome.rowsRead();
        timings.put(st.name().qualified(), new TableTiming(round(outcome.seconds()),
            outcome.rowsRead(), rate(outcome.rowsRead(), outcome.seconds()),
            ranges.isEmpty() ? null : ranges.size()));
      }
      for (Table tt : tc.tables()) {
        if (tt.holdsOwnRows() && !matchedTargets.contains(tt.name())) {
          notes.add("target table " + tt.name() + " has no source table: not compared");
        }
      }
      if (given != null && !given.isEmpty()) {
        throw new FerryException(ErrorCode.INPUT, "digests were given for tables this"
            + " verification does not compare: " + String.join(", ", given.keySet())
            + ". Plan the units again against the same endpoints and tables.");
      }
      LOG.debug("hashed {} rows, done at {} ms", rowsRead, Duration.between(started, Instant.now())
          .toMillis());
      if (files != null) {
        files.run(sc, tc, source, target, filters, request.batchSize(), request.maxDiffs(), book,
            notes, promises.keySet(), request.audit());
      }
      List<OrphanResult> orphans = Verdicts.references(book,
          orphanCheck == null ? List.of() : ReferenceCheck.await(orphanCheck));
      LOG.debug("checked references, done at {} ms", Duration.between(started, Instant.now())
          .toMillis());
      Instant ended = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      double seconds = (ended.toEpochMilli() - started.toEpochMilli()) / 1000.0;
      Map<String, String> transformations = new TreeMap<>();
      if (map != null) {
        transformations.put("user-map", map.fingerprint());
      }
      if (idMap != null) {
        transformations.put("id-map", String.join(", ", idMap.tables()));
      }
      if (tenancy != null) {
        transformations.put("tenant", tenancy.tenant());
      }
      VerificationReport report = new VerificationReport(VerificationReport.FORMAT_VERSION,
          "parity", request.from().describe(), request.to().describe(), CanonicalValue.VERSION,
          transformations, book.passed(), book.rules(), tables, orphans, null, notes,
          new VerificationReport.Timing(started.toString(), ended.toString(), round(seconds),
              rowsRead, rate(rowsRead, seconds), timings));
      if (request.outDir() != null) {
        Json.write(request.outDir().resolve(REPORT_FILE), report);
        HtmlFiles.write(request.outDir().resolve(HTML_FILE), HtmlReport.render(report));
      }
      return report;
    } finally {
      if (files != null) {
        files.close();
      }
      pool.shutdownNow();
      orphanThread.shutdownNow();
    }
  }

  private TableSide side(Side side, SourceReader reader, PostgresServer server,
      List<KeyRange> ranges, TableDigest digest) {
    if (digest != null) {
      return new GivenSide(digest, side, new StreamingSide(reader, side, request.batchSize(), 0, false));
    }
    if (!ranges.isEmpty()) {
      return new RangedSide(reader, side, ranges, request.batchSize(), request.parallel());
    }
    if (server != null) {
      PostgresHashSql sql = PostgresHashSql.of(server.dialect(), side);
      if (sql != null) {
        return new PostgresSide(server.spec(), server.dialect(), side, sql);
      }
    }
    return new StreamingSide(reader, side, request.batchSize(), 0, false);
  }

  /**
   * The filter, widened to read the identity table when a map is applied and --include left it
   * out (as a copy with a map copies the tables that reference the users, not the users).
   */
  private TableFilter withIdentityTable(TableFilter filter, ReferenceMap map) {
    if (map == null || filter.include().isEmpty()
        || filter.accepts(new TableName(null, request.identity().table()))) {
      return filter;
    }
    List<String> include = new ArrayList<>(filter.include());
    include.add(request.identity().table());
    return new TableFilter(include, filter.exclude(), filter.views());
  }

  private static ValueKind keyKind(Table table, String key) {
    return table.columns().stream().filter(c -> c.name().equalsIgnoreCase(key)).findFirst()
        .map(ValueKind::of).orElse(ValueKind.TEXT);
  }

  static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }

  static long rate(long rows, double seconds) {
    return seconds <= 0 ? rows : Math.round(rows / seconds);
  }
}
