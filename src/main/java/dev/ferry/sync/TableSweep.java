package dev.ferry.sync;

import dev.ferry.catalog.Column;
import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.json.Json;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.ValueKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One table's deletes ({@link SyncDeletes}): the target's keys the source lacks, found one of
 * two ways. A key of integer columns on both sides (the same order on every engine) is found by
 * reading both sides' keys in key order, {@link #MERGED} per query, and walking the two lists
 * together. Any other key (text, whose order depends on each side's collation; dates; UUIDs)
 * is found by reading the target's keys {@link SyncDeletes#PAGE} at a time and looking each
 * page up on the source in one query. Either way the rows are deleted {@link SyncDeletes#PAGE}
 * at a time, each batch in one target transaction with its audit lines. Memory: a page of keys
 * on each side.
 */
final class TableSweep {

  /** Keys read per query on each side when both sides' keys are walked together. */
  static final int MERGED = 10_000;
  /** The most parameters one source lookup binds (SQL Server takes 2,100). */
  private static final int MAX_PARAMETERS = 2_000;

  private final SyncDeletes.Swept table;
  private final Connection source;
  private final Dialect sourceDialect;
  private final Connection target;
  private final Dialect targetDialect;
  private final Path audit;
  private final ValueKind[] sourceKinds;
  private final ValueKind[] targetKinds;
  private final CanonicalValue[] sourceEncodings;
  private final CanonicalValue[] targetEncodings;

  TableSweep(SyncDeletes.Swept table, Connection source, Dialect sourceDialect,
      String sourceEngine, Connection target, Dialect targetDialect, String targetEngine,
      Path audit) {
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

  /** Deletes the table's target rows the source lacks; how many. */
  long run() throws SQLException {
    boolean integers = Arrays.stream(sourceKinds).allMatch(k -> k == ValueKind.INTEGER)
        && Arrays.stream(targetKinds).allMatch(k -> k == ValueKind.INTEGER);
    return integers ? merged() : lookedUp();
  }

  /**
   * Both sides' keys in key order, walked together; the source's next page is read on a thread
   * of its own while the target's keys are read and deleted.
   */
  private long merged() throws SQLException {
    java.util.concurrent.ExecutorService ahead = java.util.concurrent.Executors
        .newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "ferry-sync-keys");
          t.setDaemon(true);
          return t;
        });
    SideKeys theirs = new SideKeys(source, sourceDialect, sourceFrom(), table.sourceKey(), sourceKinds,
        MERGED, ahead);
    try {
      SideKeys ours = new SideKeys(target, targetDialect, targetFrom(), table.targetKey(), targetKinds,
          MERGED, null);
      return merged(theirs, ours);
    } finally {
      // a page still being read holds the source's connection, which the next table uses
      theirs.settle();
      ahead.shutdown();
    }
  }

  private long merged(SideKeys theirs, SideKeys ours) throws SQLException {
    long deleted = 0;
    List<Object[]> doomed = new ArrayList<>();
    Object[] other = theirs.hasNext() ? theirs.next() : null;
    while (ours.hasNext()) {
      Object[] key = ours.next();
      while (other != null && compare(other, key) < 0) {
        other = theirs.hasNext() ? theirs.next() : null;
      }
      if (other == null || compare(other, key) > 0) {
        doomed.add(key);
        if (doomed.size() == SyncDeletes.PAGE) {
          deleted += delete(doomed);
          doomed.clear();
        }
      }
    }
    return deleted + delete(doomed);
  }

  /** The target's keys a page at a time, each page looked up on the source. */
  private long lookedUp() throws SQLException {
    long deleted = 0;
    SideKeys ours = new SideKeys(target, targetDialect, targetFrom(), table.targetKey(), targetKinds,
        SyncDeletes.PAGE, null);
    List<Object[]> page = new ArrayList<>();
    while (true) {
      page.clear();
      while (page.size() < SyncDeletes.PAGE && ours.hasNext()) {
        page.add(ours.next());
      }
      if (page.isEmpty()) {
        return deleted;
      }
      Set<String> present = present(page);
      deleted += delete(page.stream().filter(k -> !present.contains(text(k, targetEncodings)))
          .toList());
    }
  }

  private String targetFrom() {
    return targetDialect.fromClause(table.target().name(),
        !dev.ferry.catalog.Table.PARTITIONED.equals(table.target().kind()));
  }

  private String sourceFrom() {
    return sourceDialect.fromClause(table.source().name(),
        !dev.ferry.catalog.Table.PARTITIONED.equals(table.source().kind()));
  }

  /** The canonical texts of the page's keys that the source has. */
  private Set<String> present(List<Object[]> page) throws SQLException {
    Set<String> present = new HashSet<>();
    int n = sourceKinds.length;
    int per = Math.max(1, Math.min(SyncDeletes.PAGE, MAX_PARAMETERS / n));
    List<String> columns = table.sourceKey().stream().map(sourceDialect::quote).toList();
    for (int from = 0; from < page.size(); from += per) {
      List<Object[]> part = page.subList(from, Math.min(page.size(), from + per));
      String where = columns.size() == 1
          ? columns.get(0) + " IN (" + String.join(", ", Collections.nCopies(part.size(), "?"))
              + ")"
          : String.join(" OR ", Collections.nCopies(part.size(), "(" + String.join(" AND ",
              columns.stream().map(c -> c + " = ?").toList()) + ")"));
      try (PreparedStatement ps = source.prepareStatement("SELECT " + String.join(", ", columns)
          + " FROM " + sourceFrom() + " WHERE " + where)) {
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
    endRead(source);
    return present;
  }

  /** Deletes these keys' rows and appends their audit lines, in one transaction. */
  private long delete(List<Object[]> doomed) throws SQLException {
    if (doomed.isEmpty()) {
      return 0;
    }
    long deleted = 0;
    try (PreparedStatement ps = target.prepareStatement("DELETE FROM " + targetFrom() + " WHERE "
        + String.join(" AND ", table.targetKey().stream()
            .map(k -> targetDialect.quote(k) + " = ?").toList()))) {
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
    // the lines before the commit: a line too many names a row a rerun finds gone, a line too
    // few a deleted row nobody can account for
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
          : Arrays.stream(key).map(String::valueOf).toList().toString());
      line.put("fate", "deleted");
      line.put("reason", SyncDeletes.REASON);
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

  /** Integer keys compared column by column, as both engines order them. */
  static int compare(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      int c = a[i] instanceof Long x && b[i] instanceof Long y ? Long.compare(x, y)
          : new BigDecimal(a[i].toString()).compareTo(new BigDecimal(b[i].toString()));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  static Object[] read(ResultSet rs, ValueKind[] kinds, Dialect dialect)
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

  /** Ends a read's transaction, so that the next read sees what was committed since. */
  static void endRead(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.rollback();
    }
  }
}
