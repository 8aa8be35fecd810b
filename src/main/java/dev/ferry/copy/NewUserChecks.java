package dev.ferry.copy;

import static dev.ferry.copy.UserCreation.column;

import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.UniqueKey;
import dev.ferry.dialect.Dialect;
import dev.ferry.identity.UserMap;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.rows.CopyColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the create fallback's new user rows against the target before anything is written: a
 * foreign key goes through the map, to a parent the target has, or loads NULL where it may; a
 * value the target already holds in a unique key refuses the user. What cannot be inserted is a
 * preflight problem; the columns loaded NULL are recorded per user for the proof.
 */
final class NewUserChecks {

  private final Dialect dialect;
  private final Table target;
  private final String keyColumn;
  private final List<CopyColumn> columns;
  private final Map<String, Object[]> rows;
  private final Map<String, List<String>> nulled;

  /**
   * @param target the target's identity table
   * @param keyColumn the identity key column
   * @param columns the columns inserted, the source key first (not inserted)
   * @param rows the new users' source rows by source key; foreign keys are rewritten or nulled
   *     in place
   * @param nulled receives, per source key, the columns loaded NULL
   */
  NewUserChecks(Dialect dialect, Table target, String keyColumn, List<CopyColumn> columns,
      Map<String, Object[]> rows, Map<String, List<String>> nulled) {
    this.dialect = dialect;
    this.target = target;
    this.keyColumn = keyColumn;
    this.columns = columns;
    this.rows = rows;
    this.nulled = nulled;
  }


  /**
   * Foreign keys of the new rows: a reference to a user goes through the map; a parent the target
   * lacks makes the columns NULL where they allow it, and a problem where they do not.
   */
  void resolveForeignKeys(Connection c, UserMap map, List<String> problems)
      throws SQLException {
    for (ForeignKey fk : target.foreignKeys()) {
      int[] at = fk.columns().stream().mapToInt(this::position).toArray();
      if (java.util.Arrays.stream(at).anyMatch(i -> i < 0)) {
        continue; // a column the source lacks: left to its default
      }
      boolean toUsers = fk.parent().equals(target.name()) && fk.columns().size() == 1
          && fk.parentColumns().get(0).equalsIgnoreCase(keyColumn);
      String parentCheck = "SELECT 1 FROM " + dialect.qualify(fk.parent()) + " WHERE "
          + String.join(" AND ", fk.parentColumns().stream().map(p -> dialect.quote(p) + " = ?")
          .toList());
      try (PreparedStatement ps = c.prepareStatement(parentCheck)) {
        for (Map.Entry<String, Object[]> user : rows.entrySet()) {
          Object[] row = user.getValue();
          if (java.util.Arrays.stream(at).anyMatch(i -> row[i] == null)) {
            continue;
          }
          if (toUsers) {
            Object mapped = map.rewrite(row[at[0]], columns.get(at[0]).kind());
            if (mapped != null) {
              row[at[0]] = mapped;
              continue;
            }
          } else {
            for (int i = 0; i < at.length; i++) {
              JdbcValues.bind(ps, i + 1, row[at[i]], columns.get(at[i]).kind(), dialect);
            }
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                continue;
              }
            }
          }
          if (java.util.Arrays.stream(at).allMatch(i -> columns.get(i).nullable())) {
            for (int i : at) {
              row[i] = null;
              nulled.computeIfAbsent(user.getKey(), k -> new ArrayList<>())
                  .add(columns.get(i).targetName());
            }
          } else {
            problems.add("the create fallback cannot insert source user " + user.getKey()
                + " into " + target.name().qualified() + ": its " + String.join(", ",
                fk.columns()) + " references " + fk.parent().qualified() + " (NOT NULL), "
                + (toUsers ? "a user who has no target key yet" : "and the target has no such"
                + " row") + ". Map this user in the map instead, or load the parent first.");
          }
        }
      }
    }
  }

  /** A new user whose unique value the target already holds would fail mid-run: refused now. */
  void checkUniqueValues(Connection c, List<String> problems) throws SQLException {
    for (UniqueKey unique : target.uniqueKeys()) {
      int[] at = unique.columns().stream().mapToInt(this::position).toArray();
      if (java.util.Arrays.stream(at).anyMatch(i -> i < 0)) {
        continue;
      }
      String sql = "SELECT " + dialect.quote(column(target, keyColumn).orElseThrow().name())
          + " FROM " + dialect.qualify(target.name()) + " WHERE " + String.join(" AND ",
          unique.columns().stream().map(u -> dialect.quote(u) + " = ?").toList());
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (Map.Entry<String, Object[]> user : rows.entrySet()) {
          Object[] row = user.getValue();
          if (java.util.Arrays.stream(at).anyMatch(i -> row[i] == null)) {
            continue;
          }
          for (int i = 0; i < at.length; i++) {
            JdbcValues.bind(ps, i + 1, row[at[i]], columns.get(at[i]).kind(), dialect);
          }
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              problems.add("the create fallback cannot insert source user " + user.getKey()
                  + " into " + target.name().qualified() + ": its " + String.join(", ",
                  unique.columns()) + " " + java.util.Arrays.stream(at).mapToObj(i ->
                  "'" + row[i] + "'").collect(java.util.stream.Collectors.joining(", "))
                  + " is already taken by target user " + rs.getString(1)
                  + ". Map the user to that target user in the map, or add a match rule.");
            }
          }
        }
      }
    }
  }

  private int position(String targetColumn) {
    for (int i = 1; i < columns.size(); i++) {
      if (columns.get(i).targetName().equalsIgnoreCase(targetColumn)) {
        return i;
      }
    }
    return -1;
  }
}
