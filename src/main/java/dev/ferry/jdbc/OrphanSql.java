package dev.ferry.jdbc;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL that finds rows whose reference has no parent, shared by the proof after a copy
 * ({@code PostLoad}) and by verify's orphan check. A reference with a NULL column is not checked,
 * as SQL's {@code MATCH SIMPLE} does. The child table is aliased {@code c}.
 */
public final class OrphanSql {

  /**
   * One reference of the child: its columns and the parent's, in the target's spelling.
   *
   * @param parent the parent table
   * @param columns the child's columns
   * @param parentColumns the parent's columns, in the same order
   */
  public record Reference(TableName parent, List<String> columns, List<String> parentColumns) {}

  private OrphanSql() {}

  /**
   * {@code FROM child c WHERE} the reference is set {@code AND NOT EXISTS} its parent row: prefix
   * it with {@code SELECT COUNT(*)} or with the columns to list.
   *
   * @param childFrom the child as it goes after FROM (with ONLY where its own rows are meant)
   */
  public static String whereOrphan(Dialect dialect, String childFrom, Reference ref) {
    List<String> set = new ArrayList<>();
    List<String> joins = new ArrayList<>();
    for (int i = 0; i < ref.columns().size(); i++) {
      String cc = "c." + dialect.quote(ref.columns().get(i));
      set.add(cc + " IS NOT NULL");
      joins.add("p." + dialect.quote(ref.parentColumns().get(i)) + " = " + cc);
    }
    return " FROM " + childFrom + " c WHERE " + String.join(" AND ", set)
        + " AND NOT EXISTS (SELECT 1 FROM " + dialect.qualify(ref.parent()) + " p WHERE "
        + String.join(" AND ", joins) + ")";
  }

  /**
   * One scan of the child counting the orphans of each reference, one outer join per reference:
   * a row of counts in the order of {@code refs}, each NULL when the child is empty. Only for
   * references to a parent's primary or unique key, which match one parent row at most, so that
   * no child row is counted twice.
   */
  public static String countJoined(Dialect dialect, String childFrom, List<Reference> refs) {
    List<String> sums = new ArrayList<>();
    StringBuilder from = new StringBuilder(childFrom + " c");
    for (int k = 0; k < refs.size(); k++) {
      Reference ref = refs.get(k);
      String alias = "p" + k;
      List<String> set = new ArrayList<>();
      List<String> on = new ArrayList<>();
      for (int i = 0; i < ref.columns().size(); i++) {
        String cc = "c." + dialect.quote(ref.columns().get(i));
        set.add(cc + " IS NOT NULL");
        on.add(alias + "." + dialect.quote(ref.parentColumns().get(i)) + " = " + cc);
      }
      sums.add("SUM(CASE WHEN " + String.join(" AND ", set) + " AND " + alias + "."
          + dialect.quote(ref.parentColumns().get(0)) + " IS NULL THEN 1 ELSE 0 END)");
      from.append(" LEFT JOIN ").append(dialect.qualify(ref.parent())).append(' ')
          .append(alias).append(" ON ").append(String.join(" AND ", on));
    }
    return "SELECT " + String.join(", ", sums) + " FROM " + from;
  }

  /**
   * The row of counts of {@link #countJoined} (0 for an empty child), each reference counted by
   * an anti-join of its own ({@link #whereOrphan}): the child is scanned once per reference, and
   * the server spends less CPU than carrying every child row through one outer join per
   * reference. For any reference, not only those to a key.
   */
  public static String countEach(Dialect dialect, String childFrom, List<Reference> refs) {
    List<String> counts = new ArrayList<>();
    for (Reference ref : refs) {
      counts.add("(SELECT COUNT(*)" + whereOrphan(dialect, childFrom, ref) + ")");
    }
    return "SELECT " + String.join(", ", counts);
  }
}
