package dev.ferry.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Comparator;
import java.util.Objects;

/**
 * A table's qualified name. {@code schema} is the PostgreSQL/SQL Server/H2 schema, the
 * MariaDB/MySQL database, or {@code null} where the engine has neither (SQLite). Written as {@code
 * schema.name}; ordered by that text so every listing is deterministic.
 */
public record TableName(String schema, String name) implements Comparable<TableName> {

  private static final Comparator<TableName> ORDER =
      Comparator.comparing(TableName::qualified).thenComparing(t -> t.schema == null ? "" : t.schema);

  public TableName {
    Objects.requireNonNull(name, "name");
  }

  /** {@code schema.name}, or {@code name} when there is no schema. */
  @JsonValue
  public String qualified() {
    return schema == null ? name : schema + "." + name;
  }

  /** Parses {@code schema.name} or {@code name}; the first dot separates the schema. */
  @JsonCreator
  public static TableName parse(String qualified) {
    int dot = qualified.indexOf('.');
    return dot < 0
        ? new TableName(null, qualified)
        : new TableName(qualified.substring(0, dot), qualified.substring(dot + 1));
  }

  @Override
  public int compareTo(TableName other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return qualified();
  }
}
