package dev.ferry.schema;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Constraint names, unique across the whole output, compared ignoring case: PostgreSQL, H2 and
 * SQL Server name unique constraints in the schema's namespace, MariaDB foreign keys in the
 * database's, where the source may have repeated them per table; SQLite reserves {@code sqlite_}.
 */
final class ConstraintNames {

  private final Set<String> used = new HashSet<>();

  /** Reserves a name (a table's) that no constraint may take. */
  void reserve(String name) {
    used.add(name.toLowerCase(Locale.ROOT));
  }

  /** The source's name when it is free, else the fallback (numbered if need be), with a note. */
  String claim(String name, String fallback, List<String> notes, String table) {
    boolean usable = name != null && !name.isBlank() && !name.equalsIgnoreCase("PRIMARY")
        && !name.toLowerCase(Locale.ROOT).startsWith("sqlite_");
    if (usable && used.add(name.toLowerCase(Locale.ROOT))) {
      return name;
    }
    String chosen = fallback;
    for (int i = 2; !used.add(chosen.toLowerCase(Locale.ROOT)); i++) {
      chosen = fallback + "_" + i;
    }
    if (usable) {
      notes.add(table + ": constraint " + name + " renamed " + chosen + " (the name is taken in"
          + " the target's namespace)");
    }
    return chosen;
  }
}
