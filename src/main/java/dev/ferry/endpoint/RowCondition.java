package dev.ferry.endpoint;

import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;

/**
 * Checks a table's {@code where:} condition before anything reads with it: one boolean
 * expression (JSqlParser parses it whole), no statement separator, no comment, and no word that
 * writes or locks (a subquery may read, never modify). The source's read-only connections are
 * the second guard; whether the condition runs on the source is asked in preflight.
 */
public final class RowCondition {

  /** Words outside quotes that make a condition more than a read. */
  private static final Set<String> WRITING = Set.of("insert", "update", "delete", "merge",
      "upsert", "into", "drop", "alter", "create", "truncate", "grant", "revoke", "call", "exec",
      "execute", "lock", "share", "set");

  private RowCondition() {}

  /**
   * What is wrong with a condition, as the rest of a sentence that starts with where it was
   * given ("must be one condition: ..."); null when it is one boolean expression that only reads.
   */
  public static String problem(String condition) {
    String lexical = lexical(condition);
    if (lexical != null) {
      return lexical;
    }
    try {
      CCJSqlParserUtil.parseCondExpression(condition, false);
    } catch (JSQLParserException | RuntimeException e) {
      String reason = e.getCause() != null && e.getCause().getMessage() != null
          ? e.getCause().getMessage() : String.valueOf(e.getMessage());
      return "is not one SQL condition (" + reason.lines().findFirst().orElse("").strip()
          + "): give a boolean expression on the table's columns, as region = 'EU' AND created"
          + " >= '2024-01-01'";
    }
    return null;
  }

  /** Separators, comments and writing words outside quoted text and identifiers. */
  private static String lexical(String s) {
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = s.indexOf(c, i + 1);
        while (end > 0 && end + 1 < s.length() && s.charAt(end + 1) == c) {
          end = s.indexOf(c, end + 2);
        }
        if (end < 0) {
          return "has an unclosed " + c + ": close every quoted text and name";
        }
        i = end + 1;
        continue;
      }
      if (c == ';') {
        return "must be one condition, not statements: remove the ';' (a row filter only"
            + " reads; it is added to every read of the table as WHERE (condition))";
      }
      if (s.startsWith("--", i) || s.startsWith("/*", i) || c == '#') {
        return "must not hold a comment ('" + (c == '#' ? "#" : s.substring(i, i + 2))
            + "'): remove it";
      }
      if (Character.isLetter(c) || c == '_') {
        int end = i;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end))
            || s.charAt(end) == '_' || s.charAt(end) == '$')) {
          end++;
        }
        String word = s.substring(i, end).toLowerCase(Locale.ROOT);
        if (WRITING.contains(word)) {
          return "must only read, but says " + word.toUpperCase(Locale.ROOT) + ": a row filter"
              + " is a condition on the table's columns (subqueries may read other tables, never"
              + " write or lock them); quote a column of that name";
        }
        i = end;
        continue;
      }
      i++;
    }
    return null;
  }
}
