package dev.ferry.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows a merge kept as the target had them, from the copy's {@code merge-audit.jsonl}: each
 * line of a table whose fate kept the target's row ({@code skipped}, {@code conflict}) carries
 * that row's fingerprint ({@code target}). The file is streamed, never held: each look-up reads
 * it once, and what is remembered per table is one bit per kept line (which were found in the
 * target as the run left them).
 */
final class KeptRows {

  /** A kept line the target no longer holds as the run left it: its key as the audit prints it. */
  record Lost(List<String> keys, long count) {}

  private final Path file;
  private String table;
  private final BitSet found = new BitSet();

  KeptRows(Path file) {
    this.file = file;
  }

  /**
   * Checks the file before anything is read from the endpoints: every line is JSON, and every
   * kept line has its fingerprint (an audit of an older ferry has none).
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} when it is not such a file
   */
  void check() {
    scan(null, (node, ordinal) -> { });
  }

  /**
   * Of the fingerprints given (target rows of {@code target} that differ from their source
   * rows), those the audit recorded for a row the merge kept; each is remembered as found.
   */
  Set<String> kept(String target, Set<String> fingerprints) {
    start(target);
    Set<String> matched = new HashSet<>();
    scan(target, (node, ordinal) -> {
      String fp = node.path("target").asText();
      if (fingerprints.contains(fp)) {
        matched.add(fp);
        found.set(ordinal);
      }
    });
    return matched;
  }

  /** The kept lines of {@code target} never found: their keys (at most {@code limit}). */
  Lost lost(String target, int limit) {
    start(target);
    List<String> keys = new ArrayList<>();
    long[] count = {0};
    scan(target, (node, ordinal) -> {
      if (!found.get(ordinal)) {
        count[0]++;
        if (keys.size() < limit) {
          keys.add(node.path("key").asText());
        }
      }
    });
    return new Lost(keys, count[0]);
  }

  private void start(String target) {
    if (!target.equals(table)) {
      table = target;
      found.clear();
    }
  }

  private interface LineUse {
    void use(JsonNode node, int ordinal);
  }

  /** Streams the kept lines of {@code target} (every table's when null) to {@code use}. */
  private void scan(String target, LineUse use) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int ordinal = 0;
      long number = 0;
      // a cheap test before parsing, for a name JSON writes as it is
      boolean plain = target != null && target.chars().allMatch(c -> c >= ' ' && c < 127
          && c != '"' && c != '\\');
      for (String text = in.readLine(); text != null; text = in.readLine()) {
        number++;
        if (plain && !text.contains(target)) {
          continue;
        }
        JsonNode node;
        try {
          node = Json.mapper().readTree(text);
        } catch (IOException e) {
          throw bad(number, "is no JSON line of an audit");
        }
        String fate = node.path("fate").asText();
        // rows left out as duplicates (keys: match) kept nothing
        if (!fate.equals("skipped") && !fate.equals("conflict")
            || node.path("reason").asText().startsWith("duplicate")) {
          continue;
        }
        if (!node.path("target").isTextual()) {
          throw bad(number, "records a kept row without its fingerprint (\"target\"): an audit"
              + " written before verify could prove kept rows");
        }
        if (target != null && !target.equals(node.path("table").asText())) {
          continue;
        }
        use.use(node, ordinal++);
      }
    } catch (IOException e) {
      throw new FerryException(ErrorCode.CONFIGURATION, "--audit " + file + ": cannot be read: "
          + FileFailure.reason(e), e);
    }
  }

  private FerryException bad(long line, String what) {
    return new FerryException(ErrorCode.CONFIGURATION, "--audit " + file + ":" + line + " "
        + what + "; give the merge-audit.jsonl of the copy whose merge is verified, written by"
        + " this version of ferry (rerun the copy: a merge rerun writes nothing and records"
        + " its kept rows again).");
  }
}
