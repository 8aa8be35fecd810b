package dev.ferry.sync;

import dev.ferry.api.SyncJob;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.dialect.WriteNeeds;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.json.Json;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.ValueKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cycle's deletes (docs/sync.md, "Deletes"): for each table under {@code deletes: true}, the
 * target's rows whose key the source does not have, deleted after the cycle's copy, children
 * before parents. Everything that could refuse is checked by {@link #plan} before the copy
 * writes anything.
 *
 * <p>The target's keys are read in key order, {@link #PAGE} at a time; each page's keys are
 * looked up on the source in one query, and those it lacks deleted in one target transaction,
 * with a line each in the cycle's {@code merge-audit.jsonl}. Memory: one page of keys. A cycle
 * stopped part-way leaves what it deleted deleted, and the next cycle deletes the rest.
 */
final class SyncDeletes {

  /** Target keys read, looked up on the source and deleted per query and transaction. */
  static final int PAGE = 1_000;
  /** The most parameters one source lookup binds (SQL Server takes 2,100). */
  private static final int MAX_PARAMETERS = 2_000;
  static final String REASON = "not on the source";

  /**
   * One table's deletes.
   *
   * @param source the source's table
   * @param target the target's table
   * @param sourceKey the key's columns as the source names them
   * @param targetKey the key's columns as the target names them, in the same order
   */
  record Table(dev.ferry.catalog.Table source, dev.ferry.catalog.Table target,
      List<String> sourceKey, List<String> targetKey) {}

  /** The tables whose rows a cycle deletes, children first; empty for none. */
  record Plan(List<Table> tables) {
    static final Plan NONE = new Plan(List.of());
  }

  private SyncDeletes() {}

  /**
   * Checks the job's {@code deletes:} against both databases, before anything is written.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} (with the file and line) for a table
   *     the job does not copy, or one without a key; {@link ErrorCode#REFUSED} for a table that
   *     tables without {@code deletes: true} reference in the target, or that references
   *     itself, and for a principal that may not delete from it
   */
  static Plan plan(SyncJob job) throws SQLException {
    if (job.deletes().isEmpty()) {
      return Plan.NONE;
    }
    Dialect sourceDialect = Dialects.forUrl(job.source().url());
    Dialect targetDialect = Dialects.forUrl(job.target().url());
    Catalog source;
    try (Connection c = Connections.open(job.source(), sourceDialect, true)) {
      source = new CatalogReader(c, sourceDialect).read(List.of(), job.filter());
    }
    try (Connection c = Connections.open(job.target(), targetDialect, true)) {
      Catalog target = new CatalogReader(c, targetDialect).read(List.of(), TableFilter.all());
      Map<TableName, Table> chosen = new LinkedHashMap<>();
      for (SyncJob.Deletes d : job.deletes()) {
        Table t = table(job, d, source, target);
        chosen.put(t.target().name(), t);
      }
      List<String> problems = new ArrayList<>();
      for (Table t : chosen.values()) {
        for (dev.ferry.catalog.Table other : target.tables()) {
          for (ForeignKey fk : other.foreignKeys()) {
            if (!fk.parent().equals(t.target().name())) {
              continue;
            }
            if (other.name().equals(t.target().name())) {
              problems.add("deletes: true for " + t.target().name() + ": the table references"
                  + " itself (" + String.join(", ", fk.columns()) + "), and a cycle deletes a"
                  + " page of rows at a time in key order, which may come before the rows"
                  + " that reference them; remove deletes: for this table");
            } else if (!chosen.containsKey(other.name())) {
              problems.add("deletes: true for " + t.target().name() + ": " + other.name() + " ("
                  + String.join(", ", fk.columns()) + ") references it in the target and has no"
                  + " deletes: true, so a row deleted on the source may still be referenced"
                  + " there; give " + other.name().name() + " deletes: true too (its rows are"
                  + " then deleted first), or remove deletes: for " + t.target().name().name());
            }
          }
        }
      }
      problems.addAll(targetDialect.writeProblems(c, new WriteNeeds(Set.of(), Map.of(),
          Set.copyOf(chosen.keySet()), Set.of(), Map.of(), Map.of(), List.of())));
      if (!problems.isEmpty()) {
        throw new FerryException(ErrorCode.REFUSED, "job '" + job.name() + "': the cycle's"
            + " deletes cannot run, so nothing was written:\n  - " + String.join("\n  - ",
                problems));
      }
      return new Plan(childrenFirst(chosen));
    }
  }

  private static Table table(SyncJob job, SyncJob.Deletes d, Catalog source, Catalog target) {
    dev.ferry.catalog.Table from = source.tables().stream()
        .filter(t -> d.names(t.name()) && t.holdsOwnRows()).findFirst()
        .orElseThrow(() -> refused(job, d, "names no table the job copies"));
    dev.ferry.catalog.Table into = TableMatch.match(target, from.name())
        .orElseThrow(() -> refused(job, d, "the target has no table " + from.name().name()));
    List<String> targetKey = TableMatch.keyOf(into);
    if (targetKey.isEmpty()) {
      throw refused(job, d, into.name() + " has no primary key or unique key of NOT NULL"
          + " columns in the target, so there is no way to tell which of its rows the source"
          + " has; give it a key, or remove deletes:");
    }
    List<String> sourceKey = new ArrayList<>();
    for (String k : targetKey) {
      sourceKey.add(from.column(k).map(Column::name).orElseThrow(() -> refused(job, d,
          "the source's " + from.name() + " has no column " + k + " of the target's key")));
    }
    return new Table(from, into, sourceKey, targetKey);
  }

  /** The tables ordered so that a table comes before every table it references. */
  private static List<Table> childrenFirst(Map<TableName, Table> chosen) {
    List<Table> ordered = new ArrayList<>();
    Set<TableName> left = new java.util.LinkedHashSet<>(chosen.keySet());
    while (!left.isEmpty()) {
      // a table no table left references goes next (plan() refused those other tables
      // reference, so among these a cycle of references is the only way to find none)
      TableName next = left.stream().filter(n -> left.stream().noneMatch(o -> !o.equals(n)
          && chosen.get(o).target().foreignKeys().stream().anyMatch(fk -> fk.parent().equals(n))))
          .findFirst().orElse(left.iterator().next());
      ordered.add(chosen.get(next));
      left.remove(next);
    }
    return ordered;
  }

  /**
   * Deletes each table's target rows the source lacks, children first.
   *
   * @param audit the cycle's {@code merge-audit.jsonl}, appended to; created if need be
   * @return the rows deleted
   */
  static long run(SyncJob job, Plan plan, Path audit) throws SQLException {
    long deleted = 0;
    if (plan.tables().isEmpty()) {
      return 0;
    }
    Dialect sourceDialect = Dialects.forUrl(job.source().url());
    Dialect targetDialect = Dialects.forUrl(job.target().url());
    String sourceEngine = sourceDialect.id();
    String targetEngine = targetDialect.id();
    try (Connection source = Connections.open(job.source(), sourceDialect, true);
        Connection target = Connections.open(job.target(), targetDialect, false)) {
      target.setAutoCommit(false);
      for (Table t : plan.tables()) {
        deleted += new Sweep(t, source, sourceDialect, sourceEngine, target, targetDialect,
            targetEngine, audit).run();
      }
    }
    return deleted;
  }

  /** One table's pass: its target keys in pages, each looked up on the source. */
  private static final class Sweep {
    private final Table table;
    private final Connection source;
    private final Dialect sourceDialect;
    private final Connection target;
    private final Dialect targetDialect;
    private final Path audit;
    private final ValueKind[] sourceKinds;
    private final ValueKind[] targetKinds;
    private final CanonicalValue[] sourceEncodings;
    private final CanonicalValue[] targetEncodings;

    Sweep(Table table, Connection source, Dialect sourceDialect, String sourceEngine,
        Connection target, Dialect targetDialect, String targetEngine, Path audit) {
      this.table = table;
      this.source = source;
      this.sourceDialect = sourceDialect;
      this.target = target;
      this.targetDialect = targetDialect;
      this.audit = audit;
      int n = table.targetKey().size();
      sourceKinds = new ValueKind[n];
      targetKinds = new ValueKind[n];
      sourceEncodings = new CanonicalValue[n];
      targetEncodings = new CanonicalValue[n];
      for (int i = 0; i < n; i++) {
        Column there = table.target().column(table.targetKey().get(i)).orElseThrow();
        Column here = table.source().column(table.sourceKey().get(i)).orElseThrow();
        targetKinds[i] = ValueKind.of(there, targetDialect.temporalsAsText());
        sourceKinds[i] = ValueKind.of(here, sourceDialect.temporalsAsText());
        CanonicalValue t = CanonicalValue.of(there, targetEngine);
        CanonicalValue s = CanonicalValue.of(here, sourceEngine);
        targetEncodings[i] = t.pair(s);
        sourceEncodings[i] = s.pair(t);
      }
    }

    long run() throws SQLException {
      long deleted = 0;
      Object[] after = null;
      while (true) {
        List<Object[]> page = page(after);
        Set<String> present = present(page);
        List<Object[]> doomed = new ArrayList<>();
        for (Object[] key : page) {
          if (!present.contains(text(key, targetEncodings))) {
            doomed.add(key);
          }
        }
        deleted += delete(doomed);
        if (page.size() < PAGE) {
          return deleted;
        }
        after = page.get(page.size() - 1);
      }
    }

    /** The target table, its own rows only (not an inheriting table's). */
    private String from() {
      return targetDialect.fromClause(table.target().name(),
          !dev.ferry.catalog.Table.PARTITIONED.equals(table.target().kind()));
    }

    /** Up to a page of the target's keys after {@code after}, in key order. */
    private List<Object[]> page(Object[] after) throws SQLException {
      List<String> keys = table.targetKey().stream().map(targetDialect::quote).toList();
      List<Object[]> page = new ArrayList<>();
      try (PreparedStatement ps = target.prepareStatement(targetDialect.pageQuery(
          String.join(", ", keys), from(), keys, after != null, PAGE))) {
        if (after != null) {
          Object[] values = targetDialect.keyAfterParameters(after);
          Object[] kinds = targetDialect.keyAfterParameters(targetKinds);
          for (int i = 0; i < values.length; i++) {
            JdbcValues.bind(ps, i + 1, values[i], (ValueKind) kinds[i], targetDialect);
          }
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            page.add(read(rs, targetKinds, targetDialect));
          }
        }
      }
      // the read ends the page's snapshot: the transaction that deletes starts afresh
      target.rollback();
      return page;
    }

    /** The canonical texts of the page's keys that the source has. */
    private Set<String> present(List<Object[]> page) throws SQLException {
      Set<String> present = new HashSet<>();
      int n = sourceKinds.length;
      int per = Math.max(1, Math.min(PAGE, MAX_PARAMETERS / n));
      for (int from = 0; from < page.size(); from += per) {
        List<Object[]> part = page.subList(from, Math.min(page.size(), from + per));
        try (PreparedStatement ps = source.prepareStatement("SELECT " + String.join(", ",
            table.sourceKey().stream().map(sourceDialect::quote).toList()) + " FROM "
            + sourceDialect.fromClause(table.source().name(), true) + " WHERE "
            + lookup(part.size()))) {
          int p = 1;
          for (Object[] key : part) {
            for (int i = 0; i < n; i++) {
              JdbcValues.bind(ps, p++, key[i], sourceKinds[i], sourceDialect);
            }
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              present.add(text(read(rs, sourceKinds, sourceDialect), sourceEncodings));
            }
          }
        }
      }
      if (!source.getAutoCommit()) {
        source.rollback();
      }
      return present;
    }

    private String lookup(int keys) {
      List<String> columns = table.sourceKey().stream().map(sourceDialect::quote).toList();
      if (columns.size() == 1) {
        return columns.get(0) + " IN (" + String.join(", ", Collections.nCopies(keys, "?"))
            + ")";
      }
      String one = "(" + String.join(" AND ", columns.stream().map(c -> c + " = ?").toList())
          + ")";
      return String.join(" OR ", Collections.nCopies(keys, one));
    }

    /** Deletes these keys' rows and appends their audit lines, in one transaction. */
    private long delete(List<Object[]> doomed) throws SQLException {
      if (doomed.isEmpty()) {
        return 0;
      }
      long deleted = 0;
      try (PreparedStatement ps = target.prepareStatement("DELETE FROM " + from() + " WHERE " + String.join(" AND ",
              table.targetKey().stream().map(k -> targetDialect.quote(k) + " = ?").toList()))) {
        for (Object[] key : doomed) {
          for (int i = 0; i < key.length; i++) {
            JdbcValues.bind(ps, i + 1, key[i], targetKinds[i], targetDialect);
          }
          ps.addBatch();
        }
        for (int count : ps.executeBatch()) {
          deleted += count == java.sql.Statement.SUCCESS_NO_INFO ? 1 : count;
        }
      }
      // the lines before the commit: a line too many names a row a rerun finds gone, a line
      // too few a deleted row nobody can account for
      appendAudit(doomed);
      target.commit();
      return deleted;
    }

    private void appendAudit(List<Object[]> doomed) {
      StringBuilder lines = new StringBuilder();
      for (Object[] key : doomed) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("table", table.target().name().qualified());
        line.put("key", key.length == 1 ? String.valueOf(key[0])
            : java.util.Arrays.stream(key).map(String::valueOf).toList().toString());
        line.put("fate", "deleted");
        line.put("reason", REASON);
        line.put("status", "ok");
        lines.append(Json.compact(line)).append('\n');
      }
      try {
        Files.createDirectories(audit.getParent());
        try (Writer w = Files.newBufferedWriter(audit, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
          w.write(lines.toString());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("appending to " + audit, e);
      }
    }
  }

  private static Object[] read(ResultSet rs, ValueKind[] kinds, Dialect dialect)
      throws SQLException {
    Object[] key = new Object[kinds.length];
    for (int i = 0; i < kinds.length; i++) {
      key[i] = JdbcValues.read(rs, i + 1, kinds[i], dialect.temporalsAsText());
    }
    return key;
  }

  private static String text(Object[] key, CanonicalValue[] encodings) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < key.length; i++) {
      text.append(key[i] == null ? "\u0000" : encodings[i].encode(key[i])).append('\u0001');
    }
    return text.toString();
  }



  private static FerryException refused(SyncJob job, SyncJob.Deletes d, String why) {
    return new FerryException(ErrorCode.CONFIGURATION, d.where() + ": job '" + job.name()
        + "', tables." + d.table() + ".deletes: " + why + ".");
  }
}
