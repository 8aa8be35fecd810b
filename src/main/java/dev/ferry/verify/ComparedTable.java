package dev.ferry.verify;

import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.identity.ColumnRef;
import dev.ferry.jdbc.Sources;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.ValueKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A source table and its target table, lined up for comparison: the columns both have (matched
 * by name ignoring case) in the order of their lower-cased names, the key rows are identified by
 * (the source's primary key, else a non-null unique key, else every column), and which columns
 * are references rewritten through the user map or keys rewritten through ferry's id map.
 *
 * @param source the source table
 * @param target the target table
 * @param names the compared columns' source names, in compared order
 * @param kinds their source kinds
 * @param remapped per compared column, whether it is a rewritten reference
 * @param key positions of the key columns in compared order
 * @param keyed false when the key is every column (no usable key)
 * @param sourceSide how to read the source side
 * @param targetSide how to read the target side
 * @param missing source columns the target lacks (reported; not compared)
 * @param extra target columns the source lacks (noted; not compared)
 * @param computed source columns the engine computes, which copy leaves out (noted; not
 *     compared: a bundle does not even carry them)
 */
public record ComparedTable(Table source, Table target, List<String> names, List<ValueKind> kinds,
    List<Boolean> remapped, int[] key, boolean keyed, Side sourceSide, Side targetSide,
    List<String> missing, List<String> extra, List<String> computed) {

  /** The same comparison of only the rows {@code condition} selects, on both sides. */
  ComparedTable withRowFilter(String condition) {
    return new ComparedTable(source, target, names, kinds, remapped, key, keyed,
        sourceSide.withRowFilter(condition), targetSide.withRowFilter(condition), missing, extra,
        computed);
  }

  /**
   * The same comparison of only the target's rows {@code condition} selects as well (a
   * consolidation tenant's rows, by its tenant column), the source's as they were.
   */
  ComparedTable withTargetRowFilter(String condition) {
    String both = targetSide.rowFilter() == null ? condition
        : "(" + targetSide.rowFilter() + ") AND (" + condition + ")";
    return new ComparedTable(source, target, names, kinds, remapped, key, keyed, sourceSide,
        targetSide.withRowFilter(both), missing, extra, computed);
  }

  /**
   * The same comparison with the source's column {@code column} rewritten before hashing, as the
   * copy rewrote it (a file's reference): not a remapped reference, so its checksum answers the
   * {@code checksum} rule.
   */
  ComparedTable withSourceRewrite(int column, UnaryOperator<Object> rewrite) {
    List<UnaryOperator<Object>> rewrites = new ArrayList<>(sourceSide.rewrites() == null
        ? java.util.Collections.nCopies(names.size(), null) : sourceSide.rewrites());
    rewrites.set(column, rewrite);
    Side s = new Side(sourceSide.engine(), sourceSide.table(), sourceSide.ownRowsOnly(),
        sourceSide.columns(), sourceSide.encodings(), sourceSide.key(), rewrites,
        sourceSide.rowFilter());
    return new ComparedTable(source, target, names, kinds, remapped, key, keyed, s, targetSide,
        missing, extra, computed);
  }

  /**
   * Lines up two tables.
   *
   * @param references reference columns of the source catalog rewritten through {@code map}
   * @param map the user map, or null
   */
  static ComparedTable of(Table source, String sourceEngine, Table target, String targetEngine,
      Set<ColumnRef> references, ReferenceMap map) {
    return of(source, sourceEngine, target, targetEngine, references, map, null);
  }

  /**
   * Lines up two tables, also rewriting through ferry's id map the columns it holds keys for.
   *
   * @param idMap the target's id map, or null
   */
  static ComparedTable of(Table source, String sourceEngine, Table target, String targetEngine,
      Set<ColumnRef> references, ReferenceMap map, IdMapKeys idMap) {
    record Pair(Column source, Column target) {}
    List<Pair> pairs = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> computed = new ArrayList<>();
    for (Column c : source.columns()) {
      if (isComputed(c)) {
        computed.add(c.name());
        continue;
      }
      Optional<Column> t = target.columns().stream()
          .filter(x -> x.name().equalsIgnoreCase(c.name())).findFirst();
      if (t.isPresent()) {
        pairs.add(new Pair(c, t.get()));
      } else {
        missing.add(c.name());
      }
    }
    pairs.sort(Comparator.comparing((Pair p) -> p.source().name().toLowerCase(Locale.ROOT))
        .thenComparing(p -> p.source().name()));
    List<String> names = new ArrayList<>();
    List<ValueKind> kinds = new ArrayList<>();
    List<Boolean> remapped = new ArrayList<>();
    List<Column> sourceColumns = new ArrayList<>();
    List<Column> targetColumns = new ArrayList<>();
    List<CanonicalValue> sourceEncodings = new ArrayList<>();
    List<CanonicalValue> targetEncodings = new ArrayList<>();
    List<UnaryOperator<Object>> rewrites = new ArrayList<>();
    for (Pair p : pairs) {
      names.add(p.source().name());
      CanonicalValue s = CanonicalValue.of(p.source(), sourceEngine);
      CanonicalValue t = CanonicalValue.of(p.target(), targetEngine);
      ValueKind kind = s.kind();
      kinds.add(kind);
      sourceColumns.add(p.source());
      targetColumns.add(p.target());
      sourceEncodings.add(s.pair(t));
      targetEncodings.add(t.pair(s));
      ColumnRef ref = new ColumnRef(source.name(), p.source().name());
      UnaryOperator<Object> rewrite = map != null && references.contains(ref)
          ? v -> map.rewrite(v, kind) : idMap == null ? null : idMap.rewrite(ref, kind);
      remapped.add(rewrite != null);
      rewrites.add(rewrite);
    }
    List<String> keyNames = TableMatch.keyOf(source);
    int[] key = keyNames.stream().mapToInt(names::indexOf).toArray();
    boolean keyed = !keyNames.isEmpty() && java.util.Arrays.stream(key).allMatch(i -> i >= 0);
    if (!keyed) {
      key = java.util.stream.IntStream.range(0, names.size()).toArray();
    }
    Side sourceSide = new Side(sourceEngine, source.name(), source.hasChildren(), sourceColumns,
        sourceEncodings, key, rewrites);
    Side targetSide = new Side(targetEngine, target.name(), target.hasChildren(), targetColumns,
        targetEncodings, key, null);
    List<String> extra = target.columns().stream().filter(c -> !isComputed(c))
        .map(Column::name)
        .filter(n -> source.columns().stream().noneMatch(c -> c.name().equalsIgnoreCase(n)))
        .toList();
    return new ComparedTable(source, target, names, kinds, remapped, key, keyed, sourceSide,
        targetSide, missing, extra, computed);
  }

  /** A column whose values the engine computes: copy leaves it out, so verify does too. */
  static boolean isComputed(Column c) {
    return "computed".equals(c.generation());
  }

  /** The key's column names (every column when the table has no key). */
  List<String> keyNames() {
    List<String> k = new ArrayList<>();
    for (int i : key) {
      k.add(names.get(i));
    }
    return k;
  }
}
