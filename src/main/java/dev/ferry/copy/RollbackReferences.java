package dev.ferry.copy;

import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Before a rollback of some tables ({@link PartialRollback}) changes anything: the rows of other
 * tables whose foreign keys reference rows it would delete (rows the run inserted into a named
 * table), which would stop the deletion or be left pointing at nothing. A reference a cycle
 * fix-up of the selection set is not one: the fix-up's undo sets it back first. Read a page of
 * deleted keys at a time (one join query each per referring key).
 */
final class RollbackReferences {

  private final Rollback r;
  private final JournalPages pages;
  private final List<JournaledTable> named;
  private final List<JournaledTable> fixups;
  private final Dialect dialect;
  private final List<String> shown = new ArrayList<>();
  private long count;

  RollbackReferences(Rollback r, JournalPages pages, List<JournaledTable> named,
      List<JournaledTable> fixups) {
    this.r = r;
    this.pages = pages;
    this.named = named;
    this.fixups = fixups;
    this.dialect = r.dialect;
  }

  /** One sentence naming the referring rows (the first ten) and their count; none if none. */
  List<String> find() throws SQLException {
    for (JournaledTable t : named) {
      for (Table child : r.catalog.tables()) {
        if (named.stream().anyMatch(n -> PartialRollback.same(n.name, child.name()))) {
          continue; // undone too (children before parents), or the table itself
        }
        for (ForeignKey k : child.foreignKeys()) {
          if (PartialRollback.same(k.parent(), t.name) && !fixedUp(child, k)) {
            pages.inserted(r.c, t, (c, table, inserted) -> referring(c, table, child, k,
                inserted.stream().map(e -> table.key(e.key())).toList()));
          }
        }
      }
    }
    if (count == 0) {
      return List.of();
    }
    return List.of(count + " row" + (count == 1 ? "" : "s") + " of other tables reference"
        + (count == 1 ? "s" : "") + " rows the rollback would delete (first " + shown.size()
        + "):\n      " + String.join("\n      ", shown));
  }

  private boolean fixedUp(Table child, ForeignKey k) {
    return fixups.stream().anyMatch(f -> PartialRollback.same(f.name, child.name())
        && f.setColumns().containsAll(k.columns()));
  }

  private void referring(Connection c, JournaledTable t, Table child, ForeignKey k,
      List<Object[]> keys) throws SQLException {
    List<String> keyColumns = t.keyColumns();
    String on = IntStream.range(0, k.columns().size()).mapToObj(i -> "ch."
        + dialect.quote(k.columns().get(i)) + " = px." + dialect.quote(k.parentColumns().get(i)))
        .collect(Collectors.joining(" AND "));
    String one = "(" + keyColumns.stream().map(col -> "px." + dialect.quote(col) + " = ?")
        .collect(Collectors.joining(" AND ")) + ")";
    String sql = "SELECT " + k.columns().stream().map(col -> "ch." + dialect.quote(col))
        .collect(Collectors.joining(", ")) + " FROM " + dialect.qualify(child.name()) + " ch JOIN "
        + dialect.qualify(t.name) + " px ON " + on + " WHERE "
        + String.join(" OR ", Collections.nCopies(keys.size(), one));
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < keys.size(); i++) {
        t.bindKey(ps, 1 + i * keyColumns.size(), keys.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          count++;
          if (shown.size() < Rollback.SHOWN) {
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= k.columns().size(); i++) {
              values.add(String.valueOf(rs.getObject(i)));
            }
            shown.add(child.name().qualified() + " (" + String.join(", ", k.columns()) + ") = "
                + String.join(", ", values) + " references a row of " + t.name
                + " the run inserted");
          }
        }
      }
    }
  }
}
