package dev.ferry.dialect.postgres;

import dev.ferry.catalog.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A row's text hash in PostgreSQL (docs/merge.md, "A rerun that changes nothing"): {@code
 * md5(ROW(…)::text)} over the columns, for types whose text output is one-to-one with their
 * values once the session's settings that shape it are fixed. PgJDBC fixes {@code DateStyle}
 * ({@code ISO}) and {@code extra_float_digits} ({@code 3}: a float's shortest exact text) on
 * every connection; a {@code timestamptz} is printed as its UTC wall time, so the sessions'
 * {@code TimeZone} does not matter; a {@code bytea} as {@code encode(…, 'hex')}, whatever {@code
 * bytea_output} says. The row's text quotes an empty string ({@code ""}) and leaves NULL empty.
 */
final class PostgresRowText {

  /** Types (PgJDBC's type names) whose text, so printed, tells their values apart. */
  private static final Set<String> TYPES = Set.of("int2", "int4", "int8", "serial",
      "bigserial", "smallserial", "numeric", "float4", "float8", "text", "varchar", "bpchar",
      "bool", "date", "timestamp", "timestamptz", "time", "uuid", "bytea", "jsonb");

  private PostgresRowText() {}

  /** The hash's expression, or null when a column's type is not in {@link #TYPES}. */
  static String hash(List<String> quoted, List<Column> columns) {
    List<String> texts = new ArrayList<>(quoted.size());
    for (int i = 0; i < quoted.size(); i++) {
      String type = columns.get(i).type() == null ? ""
          : columns.get(i).type().toLowerCase(Locale.ROOT);
      if (!TYPES.contains(type)) {
        return null;
      }
      String q = quoted.get(i);
      texts.add(switch (type) {
        case "timestamptz" -> "(" + q + " AT TIME ZONE 'UTC')";
        case "bytea" -> "encode(" + q + ", 'hex')";
        default -> q;
      });
    }
    return texts.isEmpty() ? null : "md5(ROW(" + String.join(", ", texts) + ")::text)";
  }
}
