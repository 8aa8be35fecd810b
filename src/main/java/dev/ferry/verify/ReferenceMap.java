package dev.ferry.verify;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.ferry.api.ErrorCode;
import dev.ferry.api.FerryException;
import dev.ferry.report.Json;
import dev.ferry.transfer.ValueKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The operator's user map as verification applies it: source identity key → target identity key
 * (or NULL), read from {@code user-map.csv} (columns {@code source_key} and {@code target_key};
 * an empty target maps to NULL). Verification rewrites each source reference through it and
 * expects the target to hold exactly the result.
 *
 * <p>Note: issue 4 builds the map's writer, validation and the copy-time rewrite in {@code
 * dev.ferry.identity}; this reader takes the same file format so that verification does not
 * depend on the identity inventories. When {@code identity.UserMap} offers a plain read of a
 * validated file, this class should delegate to it.
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
  private final String fingerprint;

  private ReferenceMap(Map<String, String> targets) {
    this.targets = java.util.Collections.unmodifiableMap(new HashMap<>(targets));
    this.fingerprint = Json.fingerprint(new TreeMap<>(targets).entrySet().stream()
        .map(e -> java.util.Arrays.asList(e.getKey(), e.getValue())).toList());
  }

  /** A map from pairs (tests); a null target maps to NULL. */
  static ReferenceMap of(Map<String, String> pairs) {
    Map<String, String> normalised = new HashMap<>();
    pairs.forEach((k, v) -> normalised.put(normalise(k), v));
    return new ReferenceMap(normalised);
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
      throw new FerryException(ErrorCode.INPUT, "cannot read " + file + ": " + e.getMessage(), e);
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
        if (pairs.containsKey(normalise(source)) && !java.util.Objects.equals(
            pairs.get(normalise(source)), target.isEmpty() ? null : target)) {
          throw bad(file, line, "source key " + source + " is mapped twice, to different"
              + " targets");
        }
        pairs.put(normalise(source), target.isEmpty() ? null : target);
      }
      if (sourceColumn < 0) {
        throw bad(file, 1, "the file is empty");
      }
    } catch (CsvParseException e) {
      throw new FerryException(ErrorCode.INPUT, file + ": malformed CSV: " + e.getMessage()
          + ". Check for an unbalanced quote.", e);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot read " + file + ": " + e.getMessage(), e);
    }
    return new ReferenceMap(pairs);
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
    String key = normalise(keyText(sourceValue));
    if (!targets.containsKey(key)) {
      return new Unmapped(sourceValue);
    }
    String target = targets.get(key);
    return target == null ? null : value(target, kind);
  }

  /** {@code sha256:} over the sorted (source, target) pairs. */
  String fingerprint() {
    return fingerprint;
  }

  int size() {
    return targets.size();
  }

  private static String keyText(Object value) {
    if (value instanceof BigDecimal d) {
      return CanonicalValue.decimal(d);
    }
    return value.toString();
  }

  /** Integers without leading zeros, UUIDs lower-case, other text as it is. */
  private static String normalise(String text) {
    if (text.matches("-?[0-9]+")) {
      return new BigInteger(text).toString();
    }
    if (text.length() == 36 && text.charAt(8) == '-') {
      try {
        return UUID.fromString(text).toString();
      } catch (IllegalArgumentException e) {
        return text;
      }
    }
    return text;
  }

  private static Object value(String text, ValueKind kind) {
    try {
      return switch (kind) {
        case INTEGER -> {
          BigInteger big = new BigInteger(text);
          yield big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        case DECIMAL -> new BigDecimal(text);
        case UUID -> UUID.fromString(text);
        default -> text;
      };
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
