package dev.ferry.copy;

import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Dialect;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.PageCheck;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A merged table's fast path for rows a rerun finds as they were (docs/merge.md, "A rerun that
 * changes nothing"): the target's side of a {@link PageCheck}. It exists only where the source
 * and the target are the same engine, the key is one integer column, no column is loaded as NULL
 * (a cycle's), and every column has the same declared type on both sides with a text hash in
 * the dialect ({@link Dialect#rowTextHash}); then equal text means equal values, and ferry's
 * rule of the same value finds the row unchanged.
 */
final class MergeTextCheck {

  private final String select;

  private MergeTextCheck(String select) {
    this.select = select;
  }

  /** The check of a merged table, or null where the fast path does not apply. */
  static MergeTextCheck of(TablePlan table, Table source, String sourceEngine, Table target,
      String targetEngine, Dialect dialect) {
    int[] keys = table.keyPositions();
    if (source == null || !Objects.equals(sourceEngine, targetEngine) || keys.length != 1
        || table.columns().get(keys[0]).kind() != ValueKind.INTEGER
        || !table.nulledColumns().isEmpty() || table.isFixup()) {
      return null;
    }
    List<String> quoted = new ArrayList<>();
    List<Column> declared = new ArrayList<>();
    for (CopyColumn c : table.columns()) {
      Column s = source.column(c.name()).orElse(null);
      Column t = target.column(c.targetName()).orElse(null);
      if (s == null || t == null || !sameType(s, t)) {
        return null;
      }
      quoted.add(dialect.quote(c.targetName()));
      declared.add(t);
    }
    String hash = dialect.rowTextHash(quoted, declared);
    if (hash == null) {
      return null;
    }
    String key = quoted.get(keys[0]);
    return new MergeTextCheck("SELECT " + key + ", " + hash + " FROM "
        + dialect.fromClause(table.target(), !Table.PARTITIONED.equals(target.kind()))
        + " WHERE " + key + " >= ? AND " + key + " <= ?");
  }

  /** The same declared type: name (a serial as its integer), length or precision, and scale. */
  static boolean sameType(Column a, Column b) {
    return Objects.equals(base(a.type()), base(b.type())) && Objects.equals(a.size(), b.size())
        && Objects.equals(a.scale(), b.scale()) && Objects.equals(a.charset(), b.charset());
  }

  private static String base(String type) {
    String t = type == null ? null : type.toLowerCase(Locale.ROOT);
    return t == null ? null : switch (t) {
      case "serial" -> "int4";
      case "bigserial" -> "int8";
      case "smallserial" -> "int2";
      default -> t;
    };
  }

  /** The check on a connection of its own to the target, closed with the check. */
  PageCheck open(Connection target) {
    return new Open(target);
  }

  private final class Open implements PageCheck {
    private final Connection c;

    Open(Connection c) {
      this.c = c;
    }

    @Override
    public boolean same(long[] keys, String[] hashes) {
      if (keys.length == 0) {
        return true;
      }
      Map<Long, String> there = new HashMap<>(keys.length * 2);
      try (PreparedStatement ps = c.prepareStatement(select)) {
        ps.setFetchSize(Math.min(keys.length, 10_000));
        ps.setLong(1, keys[0]);
        ps.setLong(2, keys[keys.length - 1]);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            there.put(rs.getLong(1), rs.getString(2));
          }
        }
      } catch (SQLException e) {
        // the usual way reads the target again, and reports a failure there
        return false;
      }
      for (int i = 0; i < keys.length; i++) {
        if (!hashes[i].equals(there.get(keys[i]))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void close() {
      try {
        c.close();
      } catch (SQLException ignored) {
        // a read-only connection: nothing to lose
      }
    }
  }
}
