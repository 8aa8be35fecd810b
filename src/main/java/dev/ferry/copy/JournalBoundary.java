package dev.ferry.copy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.RunReport.Fates;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A unit's checkpoint as it stood before a journaled batch was written, kept with the batch in
 * the journal ({@link RowJournal#BOUNDARY}): a rollback of the table from that batch on
 * (docs/rollback.md) rewinds the unit's checkpoint and merge progress to it, so a resume loads
 * exactly the rows undone again and its checks of the source hold.
 *
 * @param lastKey the checkpoint's last key text, or null before the first chunk
 * @param rowsWritten rows the unit had inserted
 * @param sourceRows rows the unit had read from the source
 * @param sourceDigest their digest, as text
 * @param fates the merged unit's fates so far; null for a unit without a merge
 */
record JournalBoundary(String lastKey, long rowsWritten, long sourceRows, String sourceDigest,
    Fates fates) {

  /** As the journal's row key holds it. */
  String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lastKey", lastKey);
    m.put("rowsWritten", rowsWritten);
    m.put("sourceRows", sourceRows);
    m.put("sourceDigest", sourceDigest);
    if (fates != null) {
      m.put("fates", java.util.Arrays.asList(fates.mode(), fates.inserted(), fates.updated(),
          fates.unchanged(), fates.skipped(), fates.conflicts(), fates.deleted()));
    }
    return Json.compact(m);
  }

  /** Reads a boundary the journal holds. */
  static JournalBoundary parse(String text) {
    try {
      JsonNode n = Json.mapper().readTree(text);
      JsonNode f = n.path("fates");
      Fates fates = !f.isArray() ? null : new Fates(f.get(0).asText(), f.get(1).asLong(),
          f.get(2).asLong(), f.get(3).asLong(), f.get(4).asLong(), f.get(5).asLong(), null,
          f.get(6).isNull() ? null : f.get(6).asLong());
      return new JournalBoundary(n.path("lastKey").isNull() ? null : n.path("lastKey").asText(),
          n.path("rowsWritten").asLong(), n.path("sourceRows").asLong(),
          n.path("sourceDigest").asText(), fates);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "a checkpoint boundary in the journal is"
          + " unreadable (" + e.getMessage() + "); it was not written by this ferry");
    }
  }
}
