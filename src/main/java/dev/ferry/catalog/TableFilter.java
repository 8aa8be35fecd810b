package dev.ferry.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Selects tables by glob: {@code *} matches any run of characters, {@code ?} one character.
 * Matching ignores case. A pattern with a dot matches the qualified name ({@code sales.order_*});
 * one without matches the table name in any schema ({@code audit_*}). A table is selected when it
 * matches some include (or there are none) and no exclude.
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
