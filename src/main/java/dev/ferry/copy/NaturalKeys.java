package dev.ferry.copy;

import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The natural key of a table under {@code keys: match} (docs/merge.md, "match"): the columns a
 * source row is paired with its target row by, their text optionally trimmed and lower-cased on
 * both sides. A chunk's rows are looked up in the target by their natural keys, {@link #PROBE}
 * rows per query; preflight proves the key unique in the target.
 */
final class NaturalKeys {

  /** Rows looked up per query. */
  static final int PROBE = 100;
  /** A natural key the target holds more than once (found while loading): no pairing. */
  static final Object AMBIGUOUS = new Object();

  private final TablePlan table;
  private final Dialect dialect;
  private final int[] positions;
  private final boolean trim;
  private final boolean lowerCase;
  private final String from;
  private final String select;

  /**
   * @param positions the natural key's positions in the load's rows
   * @param keyPosition the position of the table's one key column
   */
  NaturalKeys(TablePlan table, Dialect dialect, int[] positions, int keyPosition, boolean trim,
      boolean lowerCase) {
    this.table = table;
    this.dialect = dialect;
    this.positions = positions.clone();
    this.trim = trim;
    this.lowerCase = lowerCase;
    this.from = dialect.qualify(table.target());
    StringBuilder s = new StringBuilder("SELECT ")
        .append(dialect.quote(table.columns().get(keyPosition).targetName()));
    for (int p : positions) {
      s.append(", ").append(dialect.quote(table.columns().get(p).targetName()));
    }
    this.select = s.append(" FROM ").append(from).append(" WHERE ").toString();
  }

  /** The natural key's columns as the target names them. */
  List<String> columns() {
    List<String> names = new ArrayList<>();
    for (int p : positions) {
      names.add(table.columns().get(p).targetName());
    }
    return names;
  }

  /** How the text is normalised, for messages: {@code [trim, lower-case]}, or empty. */
  String normalisation() {
    List<String> how = new ArrayList<>();
    if (trim) {
      how.add("trim");
    }
    if (lowerCase) {
      how.add("lower-case");
    }
    return how.isEmpty() ? "" : " (normalised: " + String.join(", ", how) + ")";
  }

  /** A row's natural key as normalised text; null when one of its values is NULL. */
  String of(Object[] row) {
    Object[] texts = new Object[positions.length];
    for (int i = 0; i < positions.length; i++) {
      Object v = row[positions[i]];
      if (v == null) {
        return null;
      }
      texts[i] = text(v, table.columns().get(positions[i]).kind());
    }
    return KeyCodec.encode(texts);
  }

  /**
   * The target keys of the rows' natural keys, by normalised natural key: absent when the target
   * has no row of it, {@link #AMBIGUOUS} when it has several.
   */
  Map<String, Object> find(Connection c, Collection<Object[]> rows, ValueKind keyKind)
      throws SQLException {
    Map<String, Object[]> wanted = new LinkedHashMap<>();
    for (Object[] row : rows) {
      String k = of(row);
      if (k != null) {
        wanted.putIfAbsent(k, row);
      }
    }
    List<Object[]> distinct = new ArrayList<>(wanted.values());
    Map<String, Object> found = new HashMap<>();
    boolean textTemporals = dialect.temporalsAsText();
    for (int start = 0; start < distinct.size(); start += PROBE) {
      List<Object[]> batch = distinct.subList(start, Math.min(distinct.size(), start + PROBE));
      StringBuilder where = new StringBuilder();
      for (int r = 0; r < batch.size(); r++) {
        where.append(r == 0 ? "(" : " OR (");
        for (int i = 0; i < positions.length; i++) {
          where.append(i == 0 ? "" : " AND ").append(expression(i)).append(" = ?");
        }
        where.append(')');
      }
      try (PreparedStatement ps = c.prepareStatement(select + where)) {
        int p = 1;
        for (Object[] row : batch) {
          for (int position : positions) {
            CopyColumn col = table.columns().get(position);
            Object v = row[position];
            if (normalises(col.kind())) {
              ps.setString(p++, (String) text(v, col.kind()));
            } else {
              JdbcValues.bind(ps, p++, v, col.kind(), dialect);
            }
          }
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Object key = JdbcValues.read(rs, 1, keyKind, textTemporals);
            Object[] there = new Object[table.columns().size()];
            for (int i = 0; i < positions.length; i++) {
              there[positions[i]] = JdbcValues.read(rs, i + 2,
                  table.columns().get(positions[i]).kind(), textTemporals);
            }
            String k = of(there);
            if (k != null && wanted.containsKey(k)) {
              found.merge(k, key, (a, b) -> AMBIGUOUS);
            }
          }
        }
      }
    }
    return found;
  }

  /**
   * Why the natural key cannot pair rows in the target: some value of it is held by several
   * rows (the count of such values and the first few); null when it is unique.
   */
  String duplicates(Connection c) throws SQLException {
    StringBuilder columns = new StringBuilder();
    StringBuilder notNull = new StringBuilder();
    for (int i = 0; i < positions.length; i++) {
      columns.append(i == 0 ? "" : ", ").append(expression(i));
      notNull.append(i == 0 ? "" : " AND ")
          .append(dialect.quote(table.columns().get(positions[i]).targetName()))
          .append(" IS NOT NULL");
    }
    long values = 0;
    List<String> first = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + ", COUNT(*) FROM "
        + from + " WHERE " + notNull + " GROUP BY " + columns + " HAVING COUNT(*) > 1")) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values++;
          if (first.size() < 5) {
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < positions.length; i++) {
              shown.add(String.valueOf(rs.getObject(i + 1)));
            }
            first.add(shown + " (" + rs.getLong(positions.length + 1) + " rows)");
          }
        }
      }
    }
    if (values == 0) {
      return null;
    }
    return "keys match for " + table.target() + ": its natural key " + columns()
        + normalisation() + " is not unique in the target: " + values
        + (values == 1 ? " value is" : " values are") + " held by several rows, e.g. "
        + String.join("; ", first) + ". A source row could not tell which one it is; make the"
        + " key unique there, or match by more columns.";
  }

  /** A natural-key column as compared in the target: trimmed and lower-cased as configured. */
  private String expression(int i) {
    CopyColumn col = table.columns().get(positions[i]);
    String e = dialect.quote(col.targetName());
    if (normalises(col.kind()) && trim) {
      e = "TRIM(" + e + ")";
    }
    if (normalises(col.kind()) && lowerCase) {
      e = "LOWER(" + e + ")";
    }
    return e;
  }

  private boolean normalises(ValueKind kind) {
    return (trim || lowerCase) && TEXTS.contains(kind);
  }

  private static final Set<ValueKind> TEXTS = Set.of(ValueKind.TEXT, ValueKind.ENUM);

  /** A value's text for pairing: numbers by value, text normalised as configured. */
  private Object text(Object v, ValueKind kind) {
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    if (v instanceof Number n && kind == ValueKind.INTEGER) {
      return new BigInteger(n.toString()).toString();
    }
    if (!TEXTS.contains(kind)) {
      return kind == ValueKind.UUID ? v.toString().toLowerCase(Locale.ROOT)
          : KeyCodec.encode(new Object[] {v});
    }
    String s = v.toString();
    if (trim) {
      // as SQL's TRIM: spaces only
      s = s.replaceAll("^ +| +$", "");
    }
    return lowerCase ? s.toLowerCase(Locale.ROOT) : s;
  }
}
