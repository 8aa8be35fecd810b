package dev.ferry.verify;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.identity.Keys;
import dev.ferry.json.Json;
import dev.ferry.rows.ValueKind;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The operator's user map as verification applies it: source identity key → target identity key
 * (or NULL), read from {@code user-map.csv} (columns {@code source_key} and {@code target_key};
 * an empty target maps to NULL). Verification rewrites each source reference through it and
 * expects the target to hold exactly the result. Keys are normalised as {@link Keys} does for the
 * copy (integers without leading zeros, UUIDs lower-case), so the fingerprint is the one the copy
 * recorded for the same valid map.
 *
 * <p>The file is read directly rather than through {@code identity.UserMap}, which is built from
 * a validation against both sides' identity inventories: verification checks the target against
 * the map as written, and reports a source value the map lacks as a failure instead of refusing.
 */
final class ReferenceMap {

  /** A source value the map does not know: it can never equal a target value. */
  record Unmapped(Object source) {
    @Override
    public String toString() {
      return "\u0000unmapped:" + source;
    }
  }

  private final Map<String, String> targets;
  private final ValueKind sourceKind;
  private final String fingerprint;

  private ReferenceMap(Map<String, String> targets, ValueKind sourceKind) {
    this.targets = java.util.Collections.unmodifiableMap(new HashMap<>(targets));
    this.sourceKind = sourceKind;
    Map<String, String> pairs = new TreeMap<>();
    targets.forEach((k, v) -> {
      if (v != null) {
        pairs.put(k, v);
      }
    });
    this.fingerprint = Json.fingerprint(pairs);
  }

  private ReferenceMap(Map<String, String> targets, ValueKind sourceKind, String fingerprint) {
    this.targets = java.util.Collections.unmodifiableMap(new HashMap<>(targets));
    this.sourceKind = sourceKind;
    this.fingerprint = fingerprint;
  }

  /**
   * The map with the users the {@code create} fallback created filled in: a row without target
   * whose source key the target's state table records maps to the recorded key. The fingerprint
   * stays the map file's, as the copy recorded it.
   *
   * @param created source key to target key, normalised like this map's keys
   */
  ReferenceMap withCreated(Map<String, String> created) {
    Map<String, String> filled = new HashMap<>(targets);
    created.forEach((s, t) -> {
      if (filled.containsKey(s) && filled.get(s) == null) {
        filled.put(s, t);
      }
    });
    return new ReferenceMap(filled, sourceKind, fingerprint);
  }

  /** A map from pairs (tests); a null target maps to NULL. Keys are taken as text. */
  static ReferenceMap of(Map<String, String> pairs) {
    return new ReferenceMap(pairs, ValueKind.TEXT);
  }

  /**
   * The map with its keys normalised for the identity keys' kinds on both sides.
   *
   * @throws FerryException {@link ErrorCode#INPUT} when two rows name the same source key with
   *     different targets
   */
  ReferenceMap forKeys(ValueKind sourceKeyKind, ValueKind targetKeyKind) {
    Map<String, String> normalised = new HashMap<>();
    for (Map.Entry<String, String> e : targets.entrySet()) {
      String source = normalise(e.getKey(), sourceKeyKind);
      String target = e.getValue() == null ? null : normalise(e.getValue(), targetKeyKind);
      if (normalised.containsKey(source) && !Objects.equals(normalised.get(source), target)) {
        throw new FerryException(ErrorCode.INPUT, "the user map names source key " + source
            + " twice, with the targets " + normalised.get(source) + " and " + target
            + ". Keep one row per source user.");
      }
      normalised.put(source, target);
    }
    return new ReferenceMap(normalised, sourceKeyKind);
  }

  /**
   * Reads {@code user-map.csv}.
   *
   * @throws FerryException {@link ErrorCode#INPUT} naming the file and line of the first problem
   */
  static ReferenceMap read(Path file) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(
          Files.readAllBytes(file))).toString();
    } catch (NoSuchFileException e) {
      throw new FerryException(ErrorCode.INPUT, "user map " + file + " not found. Give the"
          + " user-map.csv that 'ferry users map' wrote and the copy used.");
    } catch (CharacterCodingException e) {
      throw new FerryException(ErrorCode.INPUT, file + " is not UTF-8 text. Save it as UTF-8.");
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot read " + file + ": "
          + FileFailure.reason(e) + ". Check the path.", e);
    }
    Map<String, String> pairs = new HashMap<>();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().skipEmptyLines(true)
        .allowExtraFields(true).allowMissingFields(true).ofCsvRecord(text)) {
      int sourceColumn = -1;
      int targetColumn = -1;
      int fields = 0;
      for (CsvRecord record : reader) {
        long line = record.getStartingLineNumber();
        if (sourceColumn < 0) {
          fields = record.getFieldCount();
          sourceColumn = record.getFields().indexOf("source_key");
          targetColumn = record.getFields().indexOf("target_key");
          if (sourceColumn < 0 || targetColumn < 0) {
            throw bad(file, line, "the header " + record.getFields() + " lacks source_key or"
                + " target_key");
          }
          continue;
        }
        if (record.getFieldCount() != fields) {
          throw bad(file, line, "the row has " + record.getFieldCount() + " fields, the header "
              + fields + " (quote values that contain commas)");
        }
        String source = record.getField(sourceColumn).trim();
        String target = record.getField(targetColumn).trim();
        if (source.isEmpty()) {
          throw bad(file, line, "source_key is empty");
        }
        if (pairs.containsKey(source) && !Objects.equals(pairs.get(source),
            target.isEmpty() ? null : target)) {
          throw bad(file, line, "source key " + source + " is mapped twice, to different"
              + " targets");
        }
        pairs.put(source, target.isEmpty() ? null : target);
      }
      if (sourceColumn < 0) {
        throw bad(file, 1, "the file is empty");
      }
    } catch (CsvParseException e) {
      throw new FerryException(ErrorCode.INPUT, file + ": malformed CSV: " + e.getMessage()
          + ". Check for an unbalanced quote.", e);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot read " + file + ": "
          + FileFailure.reason(e) + ". Check the path.", e);
    }
    return new ReferenceMap(pairs, ValueKind.TEXT);
  }

  private static FerryException bad(Path file, long line, String what) {
    return new FerryException(ErrorCode.INPUT, file + ":" + line + ": " + what + ". Fix the"
        + " map (or regenerate it with 'ferry users map') and verify again.");
  }

  /**
   * The target key for a source reference, as the canonical Java value of {@code kind}; null for
   * NULL and for a source mapped to NULL; {@link Unmapped} when the map does not know it.
   */
  Object rewrite(Object sourceValue, ValueKind kind) {
    if (sourceValue == null) {
      return null;
    }
    String key = normalise(Keys.text(sourceValue), sourceKind);
    if (!targets.containsKey(key)) {
      return new Unmapped(sourceValue);
    }
    String target = targets.get(key);
    if (target == null) {
      return null;
    }
    try {
      return Keys.value(target, kind == ValueKind.OTHER ? ValueKind.TEXT : kind);
    } catch (IllegalArgumentException e) {
      return target;
    }
  }

  /** {@code sha256:} over the sorted (source, target) pairs. */
  String fingerprint() {
    return fingerprint;
  }

  int size() {
    return targets.size();
  }

  /** Key text as the copy normalises it for the key's kind; text of another type stays. */
  private static String normalise(String text, ValueKind kind) {
    return Keys.typeProblem(text, kind) == null ? Keys.normalise(text, kind) : text;
  }
}
