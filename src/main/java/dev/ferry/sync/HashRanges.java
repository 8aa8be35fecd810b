package dev.ferry.sync;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.KeyPolicy;
import dev.ferry.api.SyncJob;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cycle's keyed hash comparison (docs/sync.md, "Hash ranges"), for the tables a cycle would
 * otherwise read whole: between two PostgreSQL databases, each side's server hashes every row's
 * text and sums the hashes per range of key hashes ({@value #BUCKETS} ranges), the two sides at
 * once; the cycle then reads from the source only the rows whose key falls in a range that
 * differs. The rows of ranges that hash the same on both sides are equal and are not read.
 *
 * <p>The row text is PostgreSQL's own ({@code ROW(…)::text}, in sessions set alike: UTC, ISO
 * dates, exact floats, hex bytes), so a column whose type differs between the sides (a {@code
 * timestamp} against a {@code timestamptz}) makes ranges differ that hold equal data: those are
 * read and the merge finds the rows unchanged; never the other way round. A range's key hash is
 * taken over the key's text, which the copy's own session computes again in its read: only keys
 * whose text no session setting changes (integers, numerics, text, UUIDs, booleans) are used.
 */
final class HashRanges {

  private static final Logger LOG = LoggerFactory.getLogger(HashRanges.class);
  static final int BITS = 16;
  static final int BUCKETS = 1 << BITS;
  /** Beyond this share of ranges differing, the table is read whole: the filter saves little. */
  private static final int MOST = BUCKETS / 4;
  private static final Set<ValueKind> STABLE_KEYS = Set.of(ValueKind.INTEGER, ValueKind.DECIMAL,
      ValueKind.TEXT, ValueKind.UUID, ValueKind.BOOLEAN);
  private static final List<String> SESSION = List.of("SET TimeZone TO 'UTC'",
      "SET DateStyle TO 'ISO, YMD'", "SET IntervalStyle TO 'postgres'",
      "SET extra_float_digits TO 3", "SET bytea_output TO 'hex'");

  private HashRanges() {}

  /**
   * The job's row filters with a range condition added for each table it can compare so: a
   * PostgreSQL source and target, keys preserved, a key of stable types, no filter of its own
   * (a watermark included), and not a child under {@code children: replace}.
   */
  static List<CopyOptions.RowFilter> plan(SyncJob job, List<CopyOptions.RowFilter> filters,
      CycleCatalogs catalogs) throws SQLException {
    Dialect sourceDialect = Dialects.forUrl(job.source().url());
    Dialect targetDialect = Dialects.forUrl(job.target().url());
    if (!"postgres".equals(sourceDialect.id()) || !"postgres".equals(targetDialect.id())
        || job.keys() != null && job.keys() != KeyPolicy.PRESERVE) {
      return filters;
    }
    List<CopyOptions.RowFilter> planned = new ArrayList<>(filters);
    try (Connection source = Connections.open(job.source(), sourceDialect, true);
        Connection target = Connections.open(job.target(), targetDialect, true)) {
      Catalog from = catalogs.source();
      Catalog into = catalogs.target();
      settle(source);
      settle(target);
      for (Table table : from.tables()) {
        Optional<Table> there = TableMatch.match(into, table.name());
        if (there.isEmpty() || !eligible(job, table, there.get(), filters)) {
          continue;
        }
        Pair sides = new Pair(table, there.get(), sourceDialect, targetDialect);
        CompletableFuture<Sums> onSource = CompletableFuture.supplyAsync(
            () -> sums(source, sides.sql(true)));
        Sums sourceSums;
        Sums targetSums;
        try {
          targetSums = sums(target, sides.sql(false));
          sourceSums = onSource.join();
        } catch (CompletionException e) {
          if (e.getCause() instanceof SQLException sql) {
            throw sql;
          }
          throw e;
        }
        List<Integer> differing = sourceSums.differing(targetSums);
        LOG.debug("job {}: {} differs in {} of {} key-hash ranges", job.name(),
            table.name(), differing.size(), BUCKETS);
        if (differing.size() > MOST) {
          continue;
        }
        // a bigint array, as the bucket is: the server then looks each row's bucket up in a
        // hash of the array instead of comparing it with every element
        planned.add(new CopyOptions.RowFilter(table.name().qualified(),
            differing.isEmpty() ? "FALSE" : sides.bucket(true) + " = ANY ('{"
                + String.join(",", differing.stream().map(String::valueOf).toList())
                + "}'::bigint[])", null, job.where(), null, true));
      }
    }
    return planned;
  }

  private static boolean eligible(SyncJob job, Table table, Table target,
      List<CopyOptions.RowFilter> filters) {
    // a child under children: replace is read whole: its sweep deletes the target's children
    // of the parents carried that the rows read lack, and rows left unread would be among them
    if (!table.holdsOwnRows() || filters.stream().anyMatch(f -> f.names(table.name()))
        || job.tables().stream().anyMatch(m -> names(m.table(), table)
            && (m.keys() != null && m.keys() != KeyPolicy.PRESERVE
                || m.children() != null && m.children().replace()))) {
      return false;
    }
    List<String> key = TableMatch.keyOf(target);
    return !key.isEmpty() && key.stream().allMatch(k -> table.column(k)
        .map(c -> STABLE_KEYS.contains(ValueKind.of(c))).orElse(false)
        && target.column(k).map(c -> STABLE_KEYS.contains(ValueKind.of(c))).orElse(false));
  }

  private static boolean names(String entry, Table table) {
    return (entry.contains(".") ? table.name().qualified() : table.name().name())
        .equalsIgnoreCase(entry);
  }

  private static void settle(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : SESSION) {
        s.execute(sql);
      }
    }
  }

  /** A table's queries on both sides: the columns both have, the target's key. */
  private record Pair(Table source, Table target, Dialect sourceDialect, Dialect targetDialect) {

    /** {@code ((hashtextextended(ROW(key)::text, 0) >> 48) & 65535)}, as one side names it. */
    String bucket(boolean onSource) {
      StringJoiner key = new StringJoiner(", ", "ROW(", ")::text");
      for (String k : TableMatch.keyOf(target)) {
        key.add(quoted(k, onSource));
      }
      return "((hashtextextended(" + key + ", 0) >> " + (64 - BITS) + ") & " + (BUCKETS - 1)
          + ")";
    }

    String sql(boolean onSource) {
      StringJoiner row = new StringJoiner(", ", "ROW(", ")::text");
      for (Column c : source.columns()) {
        if (target.column(c.name()).isPresent()) {
          row.add(quoted(c.name(), onSource));
        }
      }
      Dialect d = onSource ? sourceDialect : targetDialect;
      Table t = onSource ? source : target;
      return "SELECT b, count(*), sum(h)::text FROM (SELECT " + bucket(onSource) + " AS b,"
          + " hashtextextended(" + row + ", 0) AS h FROM " + d.fromClause(t.name(), true)
          + ") ferry_rows GROUP BY b";
    }

    private String quoted(String column, boolean onSource) {
      Table t = onSource ? source : target;
      String name = t.column(column).map(Column::name).orElse(column);
      return (onSource ? sourceDialect : targetDialect).quote(name);
    }
  }

  /** One side's rows and hash sum per range. */
  private record Sums(long[] rows, String[] sums) {

    List<Integer> differing(Sums other) {
      List<Integer> differing = new ArrayList<>();
      for (int b = 0; b < BUCKETS; b++) {
        if (rows[b] != other.rows[b] || !Objects.equals(sums[b], other.sums[b])) {
          differing.add(b);
        }
      }
      return differing;
    }
  }

  private static Sums sums(Connection c, String sql) {
    long[] rows = new long[BUCKETS];
    String[] sums = new String[BUCKETS];
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        int b = rs.getInt(1);
        rows[b] = rs.getLong(2);
        sums[b] = rs.getString(3);
      }
    } catch (SQLException e) {
      throw new CompletionException(e);
    }
    return new Sums(rows, sums);
  }
}
