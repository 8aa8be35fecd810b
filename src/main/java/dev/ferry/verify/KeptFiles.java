package dev.ferry.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.FileFate;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The rows of a merged table whose file the copy left out because the merge kept the target's
 * row (docs/files.md, "Under a merge"), from the copy's {@code file-audit.jsonl} next to its
 * merge audit: the last line of a row is its file's fate (a resumed chunk's rows appear again).
 * Each look-up streams the file once; what it holds is the keys asked about.
 */
final class KeptFiles {

  /** The file audit's name in a copy's report directory. */
  static final String FILE = "file-audit.jsonl";

  private final Path file;

  private KeptFiles(Path file) {
    this.file = file;
  }

  /** The file audit next to the merge audit {@code audit}; null when there is none. */
  static KeptFiles of(Path audit) {
    Path file = audit == null || audit.toAbsolutePath().getParent() == null ? null
        : audit.toAbsolutePath().getParent().resolve(FILE);
    return file != null && Files.isReadable(file) ? new KeptFiles(file) : null;
  }

  /**
   * Of {@code keys} (rows of the source table {@code table}, as the audit writes keys), those
   * whose file the copy left out because the merge kept the target's row.
   */
  Set<String> kept(String table, Collection<String> keys) {
    Set<String> asked = new HashSet<>(keys);
    Map<String, Boolean> last = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String text = in.readLine(); text != null; text = in.readLine()) {
        JsonNode line = Json.mapper().readTree(text);
        String key = line.path("key").asText(null);
        if (key != null && asked.contains(key) && table.equals(line.path("table").asText())) {
          last.put(key, FileFate.SKIP.label().equals(line.path("fate").asText())
              && FileFate.MERGE_KEPT.equals(line.path("reason").asText()));
        }
      }
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "reading the copy's " + FILE + " (" + file
          + ") failed: " + e.getMessage() + ". Give --audit the copy's --report directory.", e);
    }
    Set<String> kept = new HashSet<>();
    last.forEach((key, merged) -> {
      if (merged) {
        kept.add(key);
      }
    });
    return kept;
  }
}
