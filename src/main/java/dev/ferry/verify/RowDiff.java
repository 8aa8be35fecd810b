package dev.ferry.verify;

import dev.ferry.api.VerificationReport.Cell;
import dev.ferry.api.VerificationReport.Difference;
import dev.ferry.rows.CanonicalJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the rows of differing key ranges, fetched from both sides, and names each difference:
 * a key on one side only ({@code missing} / {@code extra}), or the same key with other values
 * ({@code changed}, with the columns that differ). Rows are matched by key hash; rows that are
 * equal cancel out as in a multiset, so a table without key (whose "key" is the whole row)
 * reports how many copies of a row are missing or extra.
 */
final class RowDiff {

  static final String CHANGED = "changed";
  static final String MISSING = "missing";
  static final String EXTRA = "extra";

  private RowDiff() {}

  /**
   * The differences, sorted by key.
   *
   * @param names the compared columns' names, in row order
   * @param key positions of the key columns
   * @param keyed false when the key is the whole row
   */
  static List<Difference> compare(List<LeafRow> source, List<LeafRow> target,
      List<String> names, int[] key, boolean keyed) {
    Map<Long, List<LeafRow>> bySource = group(source);
    Map<Long, List<LeafRow>> byTarget = group(target);
    List<Long> keys = new ArrayList<>(bySource.keySet());
    byTarget.keySet().stream().filter(k -> !bySource.containsKey(k)).forEach(keys::add);
    List<Difference> differences = new ArrayList<>();
    for (long k : keys) {
      List<LeafRow> s = new ArrayList<>(bySource.getOrDefault(k, List.of()));
      List<LeafRow> t = new ArrayList<>(byTarget.getOrDefault(k, List.of()));
      cancelEqual(s, t);
      int pairs = keyed ? Math.min(s.size(), t.size()) : 0;
      for (int i = 0; i < pairs; i++) {
        differences.add(changed(s.get(i), t.get(i), names, key));
      }
      addOneSided(differences, s.subList(pairs, s.size()), MISSING, key, keyed);
      addOneSided(differences, t.subList(pairs, t.size()), EXTRA, key, keyed);
    }
    differences.sort(ORDER);
    return differences;
  }

  private static Map<Long, List<LeafRow>> group(List<LeafRow> rows) {
    Map<Long, List<LeafRow>> groups = new HashMap<>();
    for (LeafRow r : rows) {
      groups.computeIfAbsent(r.keyHash(), k -> new ArrayList<>()).add(r);
    }
    return groups;
  }

  /** Removes rows present on both sides, as many times as they are on both. */
  private static void cancelEqual(List<LeafRow> s, List<LeafRow> t) {
    Comparator<LeafRow> byHash = Comparator.comparingLong(LeafRow::rowHash);
    s.sort(byHash);
    t.sort(byHash);
    List<LeafRow> keptS = new ArrayList<>();
    List<LeafRow> keptT = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < s.size() || j < t.size()) {
      if (j == t.size() || i < s.size() && s.get(i).rowHash() < t.get(j).rowHash()) {
        keptS.add(s.get(i++));
      } else if (i == s.size() || t.get(j).rowHash() < s.get(i).rowHash()) {
        keptT.add(t.get(j++));
      } else {
        i++;
        j++;
      }
    }
    s.clear();
    s.addAll(keptS);
    t.clear();
    t.addAll(keptT);
  }

  static Difference changed(LeafRow s, LeafRow t, List<String> names, int[] key) {
    List<Cell> cells = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (!s.sameValue(t, i)) {
        cells.add(new Cell(names.get(i), s.display()[i], t.display()[i]));
      }
    }
    return new Difference(CHANGED, keyOf(s, key), null, cells);
  }

  private static void addOneSided(List<Difference> out, List<LeafRow> rows, String kind,
      int[] key, boolean keyed) {
    if (rows.isEmpty()) {
      return;
    }
    if (keyed) {
      rows.forEach(r -> out.add(new Difference(kind, keyOf(r, key), null, null)));
    } else {
      out.add(new Difference(kind, keyOf(rows.get(0), key), (long) rows.size(), null));
    }
  }

  static List<String> keyOf(LeafRow row, int[] key) {
    List<String> values = new ArrayList<>(key.length);
    for (int k : key) {
      values.add(row.display()[k]);
    }
    return values;
  }

  /** By key, comparing numbers as numbers and text by code point; then by kind. */
  static final Comparator<Difference> ORDER = (a, b) -> {
    for (int i = 0; i < Math.min(a.key().size(), b.key().size()); i++) {
      int c = compareValue(a.key().get(i), b.key().get(i));
      if (c != 0) {
        return c;
      }
    }
    int c = Integer.compare(a.key().size(), b.key().size());
    return c != 0 ? c : a.kind().compareTo(b.kind());
  };

  private static int compareValue(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    if (x != null && y != null) {
      int c = x.compareTo(y);
      return c != 0 ? c : a.compareTo(b);
    }
    return CanonicalJson.byCodePoint(a, b);
  }

  private static BigDecimal number(String s) {
    if (s.isEmpty() || s.length() > 40) {
      return null;
    }
    char first = s.charAt(0);
    if (first != '-' && (first < '0' || first > '9')) {
      return null;
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
