package dev.ferry.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code Ferry.schema} wrote.
 *
 * @param source the masked description of the source
 * @param dialect the target dialect ({@code mysql} also for {@code mariadb})
 * @param outDir the directory written
 * @param tables tables the DDL creates
 * @param foreignKeys foreign keys it creates
 * @param files the files written, in the order to run the SQL ones
 * @param notes every decision that lost something (also in {@code schema-notes.txt})
 */
public record SchemaResult(String source, String dialect, Path outDir, int tables,
    int foreignKeys, List<String> files, List<String> notes) {

  public SchemaResult {
    files = List.copyOf(files);
    notes = List.copyOf(notes);
  }
}
