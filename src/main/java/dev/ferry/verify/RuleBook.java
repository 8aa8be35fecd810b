package dev.ferry.verify;

import dev.ferry.api.VerificationReport.Failure;
import dev.ferry.api.VerificationReport.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects what each rule checked and what failed, and hands out the rules in a fixed order. */
final class RuleBook {

  static final String TABLES = "tables";
  static final String ROW_COUNT = "row-count";
  static final String NULL_COUNT = "null-count";
  static final String CHECKSUM = "checksum";
  static final String REMAPPED = "remapped-references";
  static final String ROWS = "rows";
  static final String ORPHANS = "orphans";
  static final String FILES = "files";
  static final String FILE_ORPHANS = "file-orphans";
  static final String BUNDLE_MANIFEST = "bundle-manifest";
  static final String BUNDLE_TABLES = "bundle-tables";
  static final String BUNDLE_FILES = "bundle-files";
  static final String BUNDLE_ROWS = "bundle-rows";

  private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
      Map.entry(TABLES, "every source table has a target table with every source column"),
      Map.entry(ROW_COUNT, "each table holds as many rows in the target as in the source"),
      Map.entry(NULL_COUNT, "each column holds as many NULLs in the target as in the source"),
      Map.entry(CHECKSUM, "each column not rewritten has the same checksum on both sides"),
      Map.entry(REMAPPED, "each column rewritten through the user map or ferry's id map: the"
          + " checksum of map(source) equals the target's, every source value is in the map, and"
          + " every user reference in the target exists in the target's identity table"),
      Map.entry(ROWS, "each table's rows are the same on both sides, row by row (differences"
          + " located by key)"),
      Map.entry(ORPHANS, "every foreign key and declared reference in the target has its parent"),
      Map.entry(FILES, "every file a row references that a copy writes (there in the source"
          + " store, as the row expects) is in the target store, at the path the template gives,"
          + " with the source's SHA-256 and size"),
      Map.entry(FILE_ORPHANS, "no file under sha256/ of a target store (template sha256) is one"
          + " that no target row references"),
      Map.entry(BUNDLE_MANIFEST, "the manifest is readable, of a known version and complete"),
      Map.entry(BUNDLE_TABLES, "every table the catalog loads has its data file"),
      Map.entry(BUNDLE_FILES, "every declared data file is present with its size and SHA-256"),
      Map.entry(BUNDLE_ROWS, "every data file decodes and holds the declared number of rows"));

  private record Tally(int[] checked, List<Failure> failures) {}

  private final Map<String, Tally> rules = new LinkedHashMap<>();

  /** A book of the given rules, reported in this order. */
  RuleBook(List<String> names) {
    names.forEach(n -> rules.put(n, new Tally(new int[1], new ArrayList<>())));
  }

  /** Counts one item checked by a rule. */
  void checked(String rule) {
    rules.get(rule).checked()[0]++;
  }

  /** Records a failed item. */
  void fail(String rule, String table, String column, String message) {
    rules.get(rule).failures().add(new Failure(table, column, message));
  }

  /** True when no rule has a failure. */
  boolean passed() {
    return rules.values().stream().allMatch(t -> t.failures().isEmpty());
  }

  List<Rule> rules() {
    Comparator<Failure> order = Comparator.comparing(Failure::table,
            Comparator.nullsFirst(Comparator.<String>naturalOrder()))
        .thenComparing(Failure::column, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
        .thenComparing(Failure::message);
    List<Rule> result = new ArrayList<>();
    rules.forEach((name, tally) -> {
      List<Failure> failures = new ArrayList<>(tally.failures());
      failures.sort(order);
      result.add(new Rule(name, DESCRIPTIONS.get(name), failures.isEmpty(), tally.checked()[0],
          failures));
    });
    return result;
  }
}
