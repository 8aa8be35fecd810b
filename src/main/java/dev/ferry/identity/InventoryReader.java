package dev.ferry.identity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.ferry.api.IdentityConfig;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Dialect;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.json.Json;
import dev.ferry.rows.ValueKind;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads an identity inventory from a database's identity table or from a CSV/JSON export. */
public final class InventoryReader {

  private InventoryReader() {}

  /** The identity table's key and match columns, in key order. */
  public static Inventory fromDatabase(Connection c, Dialect dialect, Table table,
      IdentityConfig config, String side) throws SQLException {
    String key = column(table, config.key());
    List<String> attrs = new ArrayList<>();
    for (String m : config.matchColumns()) {
      attrs.add(column(table, m));
    }
    ValueKind kind = keyKind(table, config);
    String sql = "SELECT " + dialect.quote(key)
        + attrs.stream().map(a -> ", " + dialect.quote(a)).collect(Collectors.joining())
        + " FROM " + dialect.fromClause(table.name(), table.hasChildren());
    List<Identity> identities = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < attrs.size(); i++) {
          values.put(config.matchColumns().get(i), rs.getString(i + 2));
        }
        String keyText = Keys.text(rs.getObject(1));
        if (keyText != null) {
          identities.add(new Identity(Keys.normalise(keyText, kind), values));
        }
      }
    }
    identities.sort((a, b) -> Keys.order(kind).compare(a.key(), b.key()));
    return new Inventory(side, kind, identities);
  }

  private static String column(Table table, String name) {
    return table.columns().stream().map(c -> c.name()).filter(n -> n.equalsIgnoreCase(name))
        .findFirst().orElseThrow(() -> new FerryException(ErrorCode.CONFIGURATION,
            "identity table " + table.name() + " has no column '" + name + "' (named in"
                + " ferry.yaml's identity section)"));
  }

  /** The kind of the identity table's key column. */
  static ValueKind keyKind(Table table, IdentityConfig config) {
    return ValueKind.of(table.column(column(table, config.key())).orElseThrow());
  }

  /**
   * Reads and validates an export of the target's users ({@code .json}: an array of objects;
   * anything else: CSV with a header). Every problem is collected first: required columns,
   * malformed rows, duplicate keys, duplicate match values, keys of the wrong type.
   *
   * @param keyKind the kind the keys must have (the key column's, when known)
   * @throws FerryException {@link ErrorCode#INPUT} listing every problem, file and line each
   */
  public static Inventory fromFile(Path file, IdentityConfig config, ValueKind keyKind) {
    InputText input = InputText.read(file);
    List<Problem> problems = new ArrayList<>(input.problems());
    List<Map<String, String>> rows = new ArrayList<>();
    List<Integer> lineOf = new ArrayList<>();
    if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
      readJson(input, config, rows, lineOf, problems);
    } else {
      readCsv(input, config, rows, lineOf, problems);
    }
    List<Identity> identities = new ArrayList<>();
    Map<String, Integer> keyLines = new HashMap<>();
    Map<String, Map<String, Integer>> valueLines = new HashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      Map<String, String> row = rows.get(r);
      int line = lineOf.get(r);
      String key = row.get(config.key());
      if (key == null || key.isEmpty()) {
        problems.add(new Problem(file.toString(), line, config.key(), key, "empty key",
            "give every identity its key"));
        continue;
      }
      String typeProblem = Keys.typeProblem(key, keyKind);
      if (typeProblem != null) {
        problems.add(new Problem(file.toString(), line, config.key(), key, "the key " + typeProblem
            + " (the identity key is " + keyKind + ")", "export the key column as it is stored"));
        continue;
      }
      String normal = Keys.normalise(key, keyKind);
      Integer first = keyLines.putIfAbsent(normal, line);
      if (first != null) {
        problems.add(new Problem(file.toString(), line, config.key(), key, "duplicate key, first"
            + " at line " + first, "keep one row per identity"));
        continue;
      }
      Map<String, String> attrs = new LinkedHashMap<>();
      for (String m : config.matchColumns()) {
        String v = row.get(m);
        attrs.put(m, v == null || v.isEmpty() ? null : v);
        if (v != null && !v.isEmpty()) {
          Integer dup = valueLines.computeIfAbsent(m, k -> new HashMap<>()).putIfAbsent(v, line);
          if (dup != null) {
            problems.add(new Problem(file.toString(), line, m, v, "duplicate match value, first"
                + " at line " + dup, "two identities with one " + m + " cannot be told apart;"
                    + " correct the export"));
          }
        }
      }
      identities.add(new Identity(normal, attrs));
    }
    if (!problems.isEmpty()) {
      problems.sort(java.util.Comparator.comparingInt(Problem::line));
      throw new FerryException(ErrorCode.INPUT, "the inventory " + file + " is not valid ("
          + problems.size() + (problems.size() == 1 ? " problem" : " problems")
          + "); nothing was written:\n  "
          + problems.stream().map(Problem::render).collect(Collectors.joining("\n  ")));
    }
    identities.sort((a, b) -> Keys.order(keyKind).compare(a.key(), b.key()));
    return new Inventory("target", keyKind, identities);
  }

  private static void readCsv(InputText input, IdentityConfig config,
      List<Map<String, String>> rows, List<Integer> lineOf, List<Problem> problems) {
    String file = input.file().toString();
    try (CsvReader<CsvRecord> reader = input.csv()) {
      List<String> header = null;
      for (CsvRecord record : reader) {
        int line = (int) record.getStartingLineNumber();
        if (header == null) {
          header = record.getFields().stream().map(String::trim).toList();
          for (String required : required(config)) {
            if (!header.contains(required)) {
              problems.add(new Problem(file, line, required, null, "required column"
                  + " missing from the header " + header, "add a column named " + required));
            }
          }
          continue;
        }
        if (record.getFieldCount() != header.size()) {
          problems.add(new Problem(file, line, null, String.join(",", record.getFields()),
              "row has " + record.getFieldCount() + " fields, the header " + header.size(),
              "quote values that contain commas"));
          continue;
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), record.getField(i));
        }
        rows.add(row);
        lineOf.add(line);
      }
      if (header == null) {
        problems.add(new Problem(file, 0, null, null, "the file is empty", "export the target's"
            + " users with a header line naming " + required(config)));
      }
    } catch (CsvParseException e) {
      problems.add(input.csvProblem(e));
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot read " + file + ": "
          + FileFailure.reason(e) + ". Check the path.", e);
    }
  }

  /** A JSON array of objects; each object's line is where it starts. */
  private static void readJson(InputText input, IdentityConfig config,
      List<Map<String, String>> rows, List<Integer> lineOf, List<Problem> problems) {
    String file = input.file().toString();
    String shape = "the file must be a JSON array of objects, one per identity, each with "
        + required(config);
    try (JsonParser parser = Json.mapper().createParser(input.text())) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        problems.add(new Problem(file, 1, null, null, "not a JSON array", shape));
        return;
      }
      for (JsonToken token = parser.nextToken(); token != null && token != JsonToken.END_ARRAY;
          token = parser.nextToken()) {
        int line = parser.currentTokenLocation().getLineNr();
        JsonNode item = parser.readValueAsTree();
        if (item == null || !item.isObject()) {
          problems.add(new Problem(file, line, null, String.valueOf(item), "not a JSON object",
              shape));
          continue;
        }
        Map<String, String> row = new HashMap<>();
        item.fields().forEachRemaining(f -> row.put(f.getKey(),
            f.getValue().isNull() ? null : f.getValue().asText()));
        for (String required : required(config)) {
          if (!item.has(required)) {
            problems.add(new Problem(file, line, required, null, "the object lacks a required"
                + " field", "add \"" + required + "\""));
          }
        }
        rows.add(row);
        lineOf.add(line);
      }
    } catch (IOException e) {
      int line = e instanceof JsonProcessingException j && j.getLocation() != null
          ? j.getLocation().getLineNr() : 0;
      problems.add(new Problem(file, line, null, line > 0 ? InputText.lineText(input.text(),
          line) : null, "malformed JSON: " + (e instanceof JsonProcessingException j
              ? j.getOriginalMessage() : e.getMessage()), shape));
    }
  }

  private static List<String> required(IdentityConfig config) {
    List<String> required = new ArrayList<>();
    required.add(config.key());
    required.addAll(config.matchColumns());
    return required;
  }
}
