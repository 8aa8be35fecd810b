package dev.ferry.sync;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.api.RunReport;
import dev.ferry.api.SyncJob;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.copy.Copier;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Progress;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.ScriptTargets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies one batch of a job's captured changes to its target (docs/sync.md, "Change data
 * capture"). The changes name rows by key; the batch reads those rows from the source as they
 * are now, through a copy under the job's merge modes and key policies (the same merge writer as
 * a cycle, limited by a {@code where:} on the changed keys), and, where the job syncs deletes,
 * deletes from the target the changed keys the source no longer has, in one transaction with
 * the batch's position in {@code sync_positions}. Applying a batch twice therefore changes
 * nothing the second time: what is written is the source's state, never a change replayed.
 */
final class CdcApply {

  /** A changed row: its table and its key's values, in the key's column order. */
  record Change(TableName table, List<String> keyColumns, List<Object> key) {}

  /** What a batch did: the copy's fates and the rows deleted. */
  record Applied(RunReport.Fates fates, long deleted) {}

  private final SyncJob job;
  /** Each changed source table's table in the target, read once. */
  private final Map<TableName, Table> targets = new java.util.concurrent.ConcurrentHashMap<>();
  private final Path reports;
  private final ScriptTargets scripts;

  CdcApply(SyncJob job, Path reports, ScriptTargets scripts) {
    this.job = job;
    this.reports = reports;
    this.scripts = scripts;
  }

  /**
   * Applies the changes and records {@code position} with them.
   *
   * @throws FerryException when the copy did not end done, or a key cannot be written as a
   *     condition
   */
  Applied apply(List<Change> changes, CdcPositions.Position position, Instant sourceAt)
      throws SQLException {
    Map<TableName, Map<List<Object>, Change>> byTable = new LinkedHashMap<>();
    for (Change c : changes) {
      byTable.computeIfAbsent(c.table(), t -> new LinkedHashMap<>()).put(c.key(), c);
    }
    RunReport.Fates fates = SyncCycle.none();
    if (!byTable.isEmpty()) {
      fates = copy(byTable);
    }
    long deleted = 0;
    Dialect dialect = Dialects.forUrl(job.target().url());
    try (Connection c = Connections.open(job.target(), dialect, false)) {
      c.setAutoCommit(false);
      if (job.capture().deletes()) {
        for (Map.Entry<TableName, Map<List<Object>, Change>> e : byTable.entrySet()) {
          deleted += deleteGone(c, dialect, e.getKey(), e.getValue().values());
        }
      }
      CdcPositions.save(c, dialect, job.name(), position,
          sourceAt == null ? null : sourceAt.toString());
      c.commit();
    }
    return new Applied(fates, deleted);
  }

  /** The changed rows' current source state merged into the target, table by table. */
  private RunReport.Fates copy(Map<TableName, Map<List<Object>, Change>> byTable) {
    List<String> include = new ArrayList<>();
    List<CopyOptions.RowFilter> filters = new ArrayList<>();
    Dialect source = Dialects.forUrl(job.source().url());
    for (Map.Entry<TableName, Map<List<Object>, Change>> e : byTable.entrySet()) {
      TableName table = e.getKey();
      include.add(table.qualified());
      String condition = condition(source, table, e.getValue().values());
      CopyOptions.RowFilter own = job.rowFilters().stream().filter(f -> f.names(table))
          .findFirst().orElse(null);
      filters.add(own == null
          ? new CopyOptions.RowFilter(table.qualified(), condition, null, job.where(), null)
          : new CopyOptions.RowFilter(own.table(), own.condition() == null ? condition
              : "(" + own.condition() + ") AND (" + condition + ")", own.keysFile(),
              own.where(), own.keysFileWhere()));
    }
    List<CopyOptions.TableMerge> merges = job.tables().stream()
        .filter(m -> byTable.keySet().stream().anyMatch(t -> names(m.table(), t))).toList();
    CopyOptions options = CopyOptions.builder()
        .filter(new TableFilter(include, job.filter().exclude(), false)).merge(job.merge())
        .keys(job.keys()).tableMerges(merges).rowFilters(filters).batchSize(job.batchSize())
        .reportDir(reports.resolve(job.name()).resolve("cdc-last-batch")).build();
    RunReport report = Copier.run(new CopyRequest(new Endpoint.Database(job.source()),
        new Endpoint.Database(job.target()), options, Map.of(), null), RowTransformer.IDENTITY,
        Progress.SILENT, scripts);
    if (!"done".equals(report.status())) {
      throw new FerryException(ErrorCode.VERIFICATION_FAILED, "job '" + job.name()
          + "': a batch of changes ended " + report.status() + ": "
          + String.join("; ", report.problems()));
    }
    return report.totals().merge() == null ? SyncCycle.none() : report.totals().merge();
  }

  /** Deletes from the target the changed keys the source no longer has; their count. */
  private long deleteGone(Connection target, Dialect targetDialect, TableName table,
      java.util.Collection<Change> changes) throws SQLException {
    Dialect source = Dialects.forUrl(job.source().url());
    List<String> columns = changes.iterator().next().keyColumns();
    Set<List<String>> present = new HashSet<>();
    try (Connection c = Connections.open(job.source(), source, true);
        PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", columns.stream()
            .map(k -> "CAST(" + source.quote(k) + " AS " + (source.id().equals("mariadb")
                ? "CHAR" : "VARCHAR") + ")").toList()) + " FROM "
            + source.qualify(table) + " WHERE " + condition(source, table, changes))) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> key = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            key.add(rs.getString(i));
          }
          present.add(key);
        }
      }
    }
    long deleted = 0;
    // the target's own table and column names: another engine names them otherwise (a
    // MariaDB database is no PostgreSQL schema)
    Table into = targetOf(target, targetDialect, table);
    String where = String.join(" AND ", columns.stream()
        .map(k -> targetDialect.quote(into.columns().stream().map(Column::name)
            .filter(k::equalsIgnoreCase).findFirst().orElse(k)) + " = ?").toList());
    try (PreparedStatement del = target.prepareStatement("DELETE FROM "
        + targetDialect.qualify(into.name()) + " WHERE " + where)) {
      for (Change change : changes) {
        List<String> key = change.key().stream().map(String::valueOf).toList();
        if (present.contains(key)) {
          continue;
        }
        for (int i = 0; i < change.key().size(); i++) {
          del.setObject(i + 1, change.key().get(i));
        }
        deleted += del.executeUpdate();
      }
    }
    return deleted;
  }

  private Table targetOf(Connection target, Dialect dialect, TableName table)
      throws SQLException {
    Table found = targets.get(table);
    if (found == null) {
      Catalog catalog = new CatalogReader(target, dialect).read(List.of(), new TableFilter(
          List.of(table.name()), List.of(), false));
      found = TableMatch.match(catalog, table).orElseThrow(() -> new FerryException(
          ErrorCode.REFUSED, "job '" + job.name() + "': the target has no table "
          + table.name() + " to delete " + table.qualified() + "'s deleted rows from"));
      targets.put(table, found);
    }
    return found;
  }

  /**
   * The condition that selects the changed keys: {@code "id" IN (1, 2)}, or {@code ("a", "b")
   * IN ((1, 'x'))} for a composite key. PostgreSQL's {@code COPY} takes no parameters, so the
   * keys are literals, formatted from their parsed values only: integers as digits, text
   * quoted with every quote doubled (PostgreSQL's standard strings take backslashes as they
   * are).
   */
  static String condition(Dialect source, TableName table,
      java.util.Collection<Change> changes) {
    List<String> columns = changes.iterator().next().keyColumns();
    String quoted = columns.size() == 1 ? source.quote(columns.get(0))
        : "(" + String.join(", ", columns.stream().map(source::quote).toList()) + ")";
    List<String> keys = new ArrayList<>();
    for (Change c : changes) {
      List<String> literals = c.key().stream().map(v -> literal(source, table, v)).toList();
      keys.add(literals.size() == 1 ? literals.get(0) : "(" + String.join(", ", literals) + ")");
    }
    return quoted + " IN (" + String.join(", ", keys) + ")";
  }

  private static String literal(Dialect source, TableName table, Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      return value.toString();
    }
    if (value instanceof String s && s.indexOf('\0') < 0) {
      if (s.indexOf('\\') >= 0 && source.id().equals("mariadb")) {
        // a backslash escapes in MariaDB's strings unless NO_BACKSLASH_ESCAPES: spelt as
        // bytes, the literal means the same in either mode
        return "_utf8mb4 X'" + java.util.HexFormat.of().formatHex(
            s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "'";
      }
      return "'" + s.replace("'", "''") + "'";
    }
    throw new FerryException(ErrorCode.REFUSED, "capture: cdc: a key of " + table.qualified()
        + " is " + (value == null ? "null" : value.getClass().getSimpleName()) + "; change data"
        + " capture applies tables keyed by integers, text or UUIDs: sync this table with"
        + " scheduled cycles (a job without capture).");
  }

  private static boolean names(String entry, TableName table) {
    return (entry.contains(".") ? table.qualified() : table.name()).equalsIgnoreCase(entry);
  }
}
