package dev.ferry.rows;

import dev.ferry.api.CastRule;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which source columns {@code ferry.yaml}'s cast rules turn MariaDB's zero dates into NULL in
 * ({@code zero-dates: null}): the copy reads them so, its preflight counts them (and refuses them
 * where the target column is NOT NULL), and {@code ferry verify} reads them the same way, so that
 * a zero date and a NULL are the same value under the rule and only under it. For each date or
 * datetime column, the most specific rule that says anything of zero dates decides (a table
 * counts most, then a column, then a type; equals: the first in the file). A key column is never
 * one: the reads page by it.
 */
public final class ZeroDates {

  private static final Set<ValueKind> DATES = EnumSet.of(ValueKind.DATE, ValueKind.TIMESTAMP,
      ValueKind.TIMESTAMP_TZ);

  private ZeroDates() {}

  /**
   * Per table, the columns whose zero dates become NULL, each with its rule's place ({@code
   * ferry.yaml:3}); empty without such rules.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a {@code zero-dates:} rule naming
   *     a table that is not selected
   */
  public static Map<TableName, Map<String, String>> columns(List<CastRule> rules,
      Catalog catalog) {
    List<CastRule> said = rules.stream().filter(r -> r.zeroDatesToNull() != null).toList();
    Map<TableName, Map<String, String>> columns = new LinkedHashMap<>();
    if (said.isEmpty()) {
      return columns;
    }
    for (CastRule r : said) {
      if (r.table() != null && catalog.tables().stream().noneMatch(t -> table(r, t))) {
        throw new FerryException(ErrorCode.CONFIGURATION, r.location() + ": the cast rule names"
            + " the table '" + r.table() + "', which is not among the selected tables of the"
            + " source. Correct the name, or remove the rule.");
      }
    }
    for (Table t : catalog.tables()) {
      List<String> key = t.primaryKey() == null ? List.of() : t.primaryKey().columns();
      for (Column c : t.columns()) {
        if (!DATES.contains(ValueKind.of(c)) || key.contains(c.name())) {
          continue;
        }
        CastRule best = null;
        int bestScore = -1;
        for (CastRule r : said) {
          int score = score(r, t, c);
          if (score > bestScore) {
            best = r;
            bestScore = score;
          }
        }
        if (best != null && best.zeroDatesToNull()) {
          columns.computeIfAbsent(t.name(), k -> new LinkedHashMap<>()).put(c.name(),
              best.location());
        }
      }
    }
    return columns;
  }

  private static int score(CastRule r, Table t, Column c) {
    if (r.table() != null && !table(r, t) || r.column() != null && !glob(r.column(), c.name())) {
      return -1;
    }
    int score = (r.table() != null ? 8 : 0) + (r.column() != null ? 4 : 0);
    if (r.type() != null) {
      String declared = c.type() == null ? "" : CastRule.normalise(c.type());
      String base = declared.replaceAll("\\(.*?\\)", "").strip();
      if (r.type().equals(declared) && !declared.equals(base)) {
        return score + 2;
      }
      return r.type().equals(base) ? score + 1 : -1;
    }
    return score;
  }

  private static boolean table(CastRule r, Table t) {
    return r.table().equalsIgnoreCase(t.name().name())
        || r.table().equalsIgnoreCase(t.name().qualified());
  }

  /**
   * Whether a name matches a {@code ferry.yaml} pattern ({@code *} any run of characters, {@code
   * ?} one), letter case aside: the one rule of cast rules' {@code column:}.
   */
  public static boolean glob(String glob, String name) {
    StringBuilder regex = new StringBuilder();
    for (char ch : glob.toLowerCase(Locale.ROOT).toCharArray()) {
      regex.append(ch == '*' ? ".*" : ch == '?' ? "." : java.util.regex.Pattern.quote(
          String.valueOf(ch)));
    }
    return name.toLowerCase(Locale.ROOT).matches(regex.toString());
  }
}
