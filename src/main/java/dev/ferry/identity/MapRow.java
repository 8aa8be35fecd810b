package dev.ferry.identity;

import java.util.Map;

/**
 * One row of {@code user-map.csv}: a referenced source identity and its target.
 *
 * @param sourceKey the source key
 * @param targetKey the target key, or null when none was decided
 * @param status {@code matched}, {@code operator} (entered by hand), {@code ambiguous}, {@code
 *     unmatched}, {@code default}, {@code null} or {@code create}
 * @param matchedBy the rule that matched, {@code operator}, the fallback, or the candidates
 * @param references rows referencing the source key
 * @param source the source identity's match values
 * @param target the target identity's match values (empty when none)
 */
public record MapRow(String sourceKey, String targetKey, String status, String matchedBy,
    long references, Map<String, String> source, Map<String, String> target) {

  public static final String MATCHED = "matched";
  public static final String OPERATOR = "operator";
  public static final String AMBIGUOUS = "ambiguous";
  public static final String UNMATCHED = "unmatched";
}
