package dev.ferry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.TightenOptions;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code tighten:} section of {@code ferry.yaml}: the fewest rows that are evidence ({@code
 * min-rows}) and the references to consider ({@code references: [{from: t.c, to: p.k}]}). Every
 * problem is reported as {@code file:line}, as {@link ConfigLoader} reports its sections.
 *
 * @param minRows {@code min-rows}, or null when not set
 * @param references the configured references, in file order
 */
public record TightenSettings(Long minRows, List<TightenOptions.Reference> references) {

  private static final Set<String> KEYS = Set.of("min-rows", "references");
  private static final Set<String> REFERENCE_KEYS = Set.of("from", "to");

  public TightenSettings {
    references = List.copyOf(references);
  }

  /**
   * Reads the section; a missing file or section gives no settings.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a malformed section
   */
  public static TightenSettings read(Path file) {
    if (file == null || !Files.exists(file)) {
      return new TightenSettings(null, List.of());
    }
    Map<String, Integer> lines = new HashMap<>();
    JsonNode root = ConfigLoader.parse(file, lines);
    JsonNode node = root == null ? null : root.get("tighten");
    if (node == null || node.isNull()) {
      return new TightenSettings(null, List.of());
    }
    int line = lines.getOrDefault("/tighten", 1);
    if (!node.isObject()) {
      throw ConfigLoader.error(file, line, "'tighten' must be a mapping with min-rows and"
          + " references");
    }
    unknown(file, lines, "/tighten", node, KEYS, "tighten");
    Long minRows = null;
    JsonNode min = node.get("min-rows");
    if (min != null && !min.isNull()) {
      if (!min.canConvertToLong() || !min.isIntegralNumber() || min.asLong() < 0) {
        throw ConfigLoader.error(file, lines.getOrDefault("/tighten/min-rows", line),
            "tighten.min-rows must be a whole number of rows, 0 or more, not '" + min.asText()
                + "'");
      }
      minRows = min.asLong();
    }
    List<TightenOptions.Reference> references = new ArrayList<>();
    JsonNode refs = node.get("references");
    if (refs != null && !refs.isNull()) {
      int refsLine = lines.getOrDefault("/tighten/references", line);
      if (!refs.isArray()) {
        throw ConfigLoader.error(file, refsLine, "tighten.references must be a list of"
            + " {from: table.column, to: table.column}");
      }
      for (int i = 0; i < refs.size(); i++) {
        String pointer = "/tighten/references/" + i;
        int at = lines.getOrDefault(pointer, refsLine);
        JsonNode ref = refs.get(i);
        if (!ref.isObject()) {
          throw ConfigLoader.error(file, at, "tighten.references[" + (i + 1) + "] must be a"
              + " mapping {from: table.column, to: table.column}");
        }
        unknown(file, lines, pointer, ref, REFERENCE_KEYS, "tighten.references[" + (i + 1)
            + "]");
        String from = ref.path("from").asText(null);
        String to = ref.path("to").asText(null);
        if (from == null || to == null || !ref.get("from").isTextual()
            || !ref.get("to").isTextual()) {
          throw ConfigLoader.error(file, at, "tighten.references[" + (i + 1) + "] needs 'from'"
              + " (the child's table.column) and 'to' (the parent's key, table.column)");
        }
        references.add(new TightenOptions.Reference(from, to, file + ":"
            + lines.getOrDefault(pointer + "/from", at)));
      }
    }
    return new TightenSettings(minRows, references);
  }

  private static void unknown(Path file, Map<String, Integer> lines, String pointer,
      JsonNode node, Set<String> known, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw ConfigLoader.error(file, lines.getOrDefault(pointer + "/" + key, 1), "unknown"
            + " setting '" + key + "' in " + where + ". Known: " + String.join(", ",
            known.stream().sorted().toList()) + ".");
      }
    }
  }
}
