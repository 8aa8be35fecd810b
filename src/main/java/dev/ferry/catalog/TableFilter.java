package dev.ferry.catalog;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Selects tables by glob: {@code *} matches any run of characters, {@code ?} one character.
 * Matching ignores case. A pattern with a dot matches the qualified name ({@code sales.order_*});
 * one without matches the table name in any schema ({@code audit_*}). A table is selected when it
 * matches some include (or there are none) and no exclude. Every glob must match some table: one
 * that matches none is a typo, and an {@code --exclude} typo would copy the very table it was meant
 * to leave out ({@link #requireEveryGlobMatches}).
 *
 * @param include globs a table must match one of; empty means all
 * @param exclude globs a table must match none of
 * @param views whether views are read as well as tables
 */
public record TableFilter(List<String> include, List<String> exclude, boolean views) {

  public TableFilter {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
  }

  /** Every table, no views. */
  public static TableFilter all() {
    return new TableFilter(List.of(), List.of(), false);
  }

  /** True when the filter selects this table. */
  public boolean accepts(TableName table) {
    return (include.isEmpty() || matchesAny(include, table)) && !matchesAny(exclude, table);
  }

  /**
   * Refuses a glob that matches none of the tables there are to choose from.
   *
   * @param candidates every table the globs choose from (of the schemas read)
   * @param where what they were read from, for the message ({@code schema public of database
   *     'app'})
   * @throws FerryException {@link ErrorCode#INPUT} naming the first glob that matches nothing
   *     and the nearest table names
   */
  public void requireEveryGlobMatches(Collection<TableName> candidates, String where) {
    for (String option : List.of("--include", "--exclude")) {
      for (String glob : option.equals("--include") ? include : exclude) {
        if (candidates.stream().noneMatch(t -> matchesAny(List.of(glob), t))) {
          throw new FerryException(ErrorCode.INPUT, option + " '" + glob + "' matches no table"
              + " in " + where + "; " + closest(glob, candidates) + ". A glob that matches nothing " + (option.equals("--include")
                  ? "selects nothing" : "leaves nothing out") + ": check its spelling.");
        }
      }
    }
  }

  /**
   * For a message about a glob or a name that matches no table: {@code nearest: audit_log}, or,
   * when no name comes close, {@code no name is close; there are: a, b, c and 9 more}.
   */
  public static String closest(String glob, Collection<TableName> candidates) {
    List<String> nearest = nearest(glob, candidates, 3);
    String pattern = glob.toLowerCase(Locale.ROOT);
    String first = nearest.get(0);
    int literal = pattern.replace("*", "").replace("?", "").length();
    if (candidates.isEmpty()
        || distance(pattern, first.toLowerCase(Locale.ROOT)) <= Math.max(2, literal / 2)) {
      return "nearest: " + String.join(", ", nearest);
    }
    List<String> names = candidates.stream().map(t -> glob.contains(".") ? t.qualified()
        : t.name()).distinct().sorted().toList();
    return "no name is close; there are: " + String.join(", ", names.subList(0,
        Math.min(5, names.size()))) + (names.size() > 5 ? " and " + (names.size() - 5)
            + " more" : "");
  }

  /**
   * The names closest to a glob or a name, closest first (an edit distance in which {@code *}
   * and {@code ?} cost nothing), qualified when the glob is: the closest, and those at most one
   * edit further.
   *
   * @param limit at most this many
   */
  public static List<String> nearest(String glob, Collection<TableName> candidates, int limit) {
    boolean qualified = glob.contains(".");
    String pattern = glob.toLowerCase(Locale.ROOT);
    List<Map.Entry<String, Integer>> ranked = candidates.stream()
        .map(t -> qualified ? t.qualified() : t.name())
        .distinct()
        .map(name -> Map.entry(name, distance(pattern, name.toLowerCase(Locale.ROOT))))
        .sorted(Map.Entry.<String, Integer>comparingByValue()
            .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())))
        .toList();
    if (ranked.isEmpty()) {
      return List.of("(there are no tables)");
    }
    int best = ranked.get(0).getValue();
    return ranked.stream().filter(e -> e.getValue() <= best + 1).limit(limit)
        .map(Map.Entry::getKey).toList();
  }

  /** Edits that turn {@code text} into a match of {@code glob}. */
  static int distance(String glob, String text) {
    int[] previous = new int[text.length() + 1];
    int[] current = new int[text.length() + 1];
    for (int j = 0; j <= text.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= glob.length(); i++) {
      char g = glob.charAt(i - 1);
      current[0] = previous[0] + (g == '*' ? 0 : 1);
      for (int j = 1; j <= text.length(); j++) {
        if (g == '*') {
          current[j] = Math.min(previous[j], current[j - 1]);
        } else {
          int substitute = previous[j - 1] + (g == '?' || g == text.charAt(j - 1) ? 0 : 1);
          current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
        }
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[text.length()];
  }

  private static boolean matchesAny(List<String> globs, TableName table) {
    for (String glob : globs) {
      String subject = glob.contains(".") ? table.qualified() : table.name();
      if (toRegex(glob).matcher(subject.toLowerCase(Locale.ROOT)).matches()) {
        return true;
      }
    }
    return false;
  }

  static Pattern toRegex(String glob) {
    List<String> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          parts.add(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        parts.add(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      parts.add(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(String.join("", parts), Pattern.DOTALL);
  }
}
