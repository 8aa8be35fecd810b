package dev.ferry.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files one table's rows point to ({@code files:} under {@code tables:} in {@code
 * ferry.yaml}, docs/files.md): copied with the rows, hashed and sized on the way, the reference
 * rewritten per the template.
 *
 * @param table the table's name as {@code --include} takes it, qualified or not
 * @param column the column holding the file's path in the source store
 * @param sha256Column a column holding the file's expected SHA-256 (hex); null for none
 * @param sizeColumn a column holding the file's expected size in bytes; null for none
 * @param from the source store: a directory, or a {@code .tar} / {@code .tar.gz} archive
 * @param to the target store: a directory
 * @param template {@code keep} (the path as the row has it) or {@code sha256}
 *     (content-addressed: {@code sha256/ab/cd/<hash>.<ext>}, the row's reference rewritten)
 * @param skipRow what a file that is missing, refused or not as expected costs: the row too
 *     ({@code on-mismatch: skip-row}), or only the file ({@code skip-file}, the default: the
 *     row is written with its reference as the source has it)
 * @param where where the entry was given, for messages: {@code ferry.yaml:12}
 * @param fromWhere where {@code from:} was given
 * @param toWhere where {@code to:} was given
 */
public record FileRule(String table, String column, String sha256Column, String sizeColumn,
    Path from, Path to, String template, boolean skipRow, String where, String fromWhere,
    String toWhere) {

  /** {@code template:}'s values. */
  public static final java.util.List<String> TEMPLATES = java.util.List.of("keep", "sha256");

  public FileRule {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    template = template == null ? "keep" : template;
  }

  /** Whether the entry names a table, as --include would (qualified or not, any case). */
  public boolean names(dev.ferry.catalog.TableName name) {
    String subject = table.contains(".") ? name.qualified() : name.name();
    return subject.equalsIgnoreCase(table);
  }

  /** The rule as the plan's fingerprint records it: a resume under another rule is refused. */
  public String fingerprint() {
    return String.join("|", column, String.valueOf(sha256Column), String.valueOf(sizeColumn),
        from.toAbsolutePath().normalize().toString(), to.toAbsolutePath().normalize().toString(),
        template, skipRow ? "skip-row" : "skip-file");
  }
}
