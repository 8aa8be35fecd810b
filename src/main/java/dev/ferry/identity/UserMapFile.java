package dev.ferry.identity;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code user-map.csv}: one row per referenced source identity, sorted by source key. Columns:
 * {@code source_key, target_key, status, matched_by, references}, then {@code source_<column>}
 * and {@code target_<column>} for each match column. The operator fills {@code target_key} where
 * it is empty; a re-run keeps what the operator entered.
 */
public final class UserMapFile {

  static final String SOURCE_KEY = "source_key";
  static final String TARGET_KEY = "target_key";
  static final String STATUS = "status";
  static final String MATCHED_BY = "matched_by";
  static final String REFERENCES = "references";

  /**
   * A row as read back, with its line.
   *
   * @param line 1-based line of the row in the file
   * @param sourceKey the source key text
   * @param targetKey the target key text, or null when empty
   * @param status the status column
   */
  public record Entry(int line, String sourceKey, String targetKey, String status) {}

  /**
   * What reading found.
   *
   * @param entries the rows
   * @param problems format problems (encoding, header, malformed CSV, field counts)
   * @param whole false when a CSV error stopped reading before the end of the file, so rows may
   *     be missing that the file holds
   * @param coverage how many rows each rule (or the operator, or a fallback) decided, by the
   *     {@code matched_by} column, in name order: the coverage a report shows; empty without
   *     that column
   */
  public record Read(List<Entry> entries, List<Problem> problems, boolean whole,
      Map<String, Long> coverage) {}

  private UserMapFile() {}

  /** Writes the rows, atomically and deterministically (LF line ends, fixed column order). */
  public static void write(Path file, List<MapRow> rows, List<String> matchColumns) {
    StringWriter text = new StringWriter();
    try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(text)) {
      List<String> header = new ArrayList<>(List.of(SOURCE_KEY, TARGET_KEY, STATUS, MATCHED_BY,
          REFERENCES));
      matchColumns.forEach(c -> header.add("source_" + c));
      matchColumns.forEach(c -> header.add("target_" + c));
      csv.writeRecord(header);
      for (MapRow row : rows) {
        List<String> fields = new ArrayList<>(List.of(row.sourceKey(),
            row.targetKey() == null ? "" : row.targetKey(), row.status(), row.matchedBy(),
            String.valueOf(row.references())));
        matchColumns.forEach(c -> fields.add(nullToEmpty(row.source().get(c))));
        matchColumns.forEach(c -> fields.add(nullToEmpty(row.target().get(c))));
        csv.writeRecord(fields);
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
      Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot write " + file + ": "
          + FileFailure.reason(e) + ". Check the path and its permissions.", e);
    }
  }

  /** Reads a map file, collecting format problems instead of stopping at the first. */
  public static Read read(Path file) {
    InputText input = InputText.read(file);
    List<Entry> entries = new ArrayList<>();
    List<Problem> problems = new ArrayList<>(input.problems());
    Map<String, Long> coverage = new java.util.TreeMap<>();
    try (CsvReader<CsvRecord> reader = input.csv()) {
      Map<String, Integer> columns = null;
      for (CsvRecord record : reader) {
        int line = (int) record.getStartingLineNumber();
        if (columns == null) {
          columns = new HashMap<>();
          for (int i = 0; i < record.getFieldCount(); i++) {
            columns.put(record.getField(i).trim(), i);
          }
          for (String required : List.of(SOURCE_KEY, TARGET_KEY)) {
            if (!columns.containsKey(required)) {
              problems.add(new Problem(file.toString(), line, required, null,
                  "required column missing from the header " + record.getFields(),
                  "regenerate the file with 'ferry users map' or restore the header"));
            }
          }
          if (!columns.containsKey(SOURCE_KEY) || !columns.containsKey(TARGET_KEY)) {
            return new Read(entries, problems, false, coverage);
          }
          continue;
        }
        if (record.getFieldCount() != columns.size()) {
          problems.add(new Problem(file.toString(), line, null, String.join(",",
              record.getFields()), "row has " + record.getFieldCount() + " fields, the header "
              + columns.size(), "quote values that contain commas"));
          continue;
        }
        String target = record.getField(columns.get(TARGET_KEY)).trim();
        entries.add(new Entry(line, record.getField(columns.get(SOURCE_KEY)).trim(),
            target.isEmpty() ? null : target,
            columns.containsKey(STATUS) ? record.getField(columns.get(STATUS)).trim() : ""));
        if (columns.containsKey(MATCHED_BY)) {
          String by = record.getField(columns.get(MATCHED_BY));
          coverage.merge(by.isEmpty() ? "operator" : by, 1L, Long::sum);
        }
      }
      if (columns == null) {
        problems.add(new Problem(file.toString(), 0, null, null, "the file is empty",
            "run 'ferry users map' to create it"));
        return new Read(entries, problems, false, coverage);
      }
    } catch (CsvParseException e) {
      problems.add(input.csvProblem(e));
      return new Read(entries, problems, false, coverage);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot read " + file + ": "
          + FileFailure.reason(e) + ". Check the path.", e);
    }
    return new Read(entries, problems, true, coverage);
  }

  /**
   * Merges freshly matched rows with the operator's earlier file: a target the earlier file holds
   * that differs from what the rules give now (an entry or a correction by the operator) is kept,
   * as {@code operator}; everything else is refreshed. Clearing a target_key hands the row back
   * to the rules.
   */
  public static List<MapRow> merge(List<MapRow> fresh, List<Entry> earlier, Inventory source,
      Inventory target) {
    Map<String, Entry> bySource = new HashMap<>();
    earlier.forEach(e -> bySource.putIfAbsent(canonical(e.sourceKey(), source), e));
    Map<String, Identity> targets = target.byKey();
    List<MapRow> merged = new ArrayList<>();
    for (MapRow row : fresh) {
      Entry old = bySource.get(row.sourceKey());
      String kept = old == null || old.targetKey() == null ? null
          : canonical(old.targetKey(), target);
      if (kept != null && !kept.equals(row.targetKey())) {
        Identity t = targets.get(kept);
        merged.add(new MapRow(row.sourceKey(), kept, MapRow.OPERATOR,
            MapRow.OPERATOR, row.references(), row.source(),
            t == null ? Map.of() : t.attributes()));
      } else {
        merged.add(row);
      }
    }
    return merged;
  }

  /** Key text as an inventory holds it, when it is a key of that kind; else as written. */
  private static String canonical(String key, Inventory side) {
    return Keys.typeProblem(key, side.keyKind()) == null
        ? Keys.normalise(key, side.keyKind()) : key;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
