package dev.ferry.rows;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A table's allowlist of keys ({@code keys-file:} in {@code ferry.yaml}): only the rows whose key
 * it lists are read. Held in memory as the keys' checkpoint texts ({@link KeyCodec}), at most
 * {@link #MAX_KEYS} keys, because the source's key order is its own engine's collation, so a
 * sorted file could not be merged against its reads without knowing that collation.
 */
public final class KeyAllowlist {

  /** The most keys a file may list: about 100 MB of memory at most. */
  public static final int MAX_KEYS = 1_000_000;

  private final List<String> keyColumns;
  private final Set<String> keys;

  private KeyAllowlist(List<String> keyColumns, Set<String> keys) {
    this.keyColumns = List.copyOf(keyColumns);
    this.keys = keys;
  }

  /**
   * Reads a CSV file of keys, one a line, the columns in key order.
   *
   * @param where where the file was given, for messages ({@code ferry.yaml:12})
   * @param keyColumns the table's key columns, in key order
   * @param kinds their kinds
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a file that cannot be read, a line
   *     with another number of fields, a value of the wrong kind, or more than {@link #MAX_KEYS}
   */
  public static KeyAllowlist load(Path file, String where, List<String> keyColumns,
      List<ValueKind> kinds) {
    Set<String> keys = new HashSet<>();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().skipEmptyLines(true)
        .allowExtraFields(true).allowMissingFields(true).ofCsvRecord(file)) {
      for (CsvRecord record : reader) {
        long line = record.getStartingLineNumber();
        if (record.getFieldCount() != kinds.size()) {
          throw bad(file, line, "has " + record.getFieldCount() + " fields; a key of "
              + keyColumns + " has " + kinds.size() + " (in key order; quote values that"
              + " contain commas)");
        }
        Object[] key = new Object[kinds.size()];
        for (int i = 0; i < key.length; i++) {
          String text = record.getField(i).strip();
          try {
            key[i] = KeyCodec.decode(text, kinds.get(i));
          } catch (RuntimeException e) {
            throw bad(file, line, "'" + text + "' is no " + kinds.get(i).name()
                .toLowerCase(Locale.ROOT) + " value of " + keyColumns.get(i));
          }
        }
        keys.add(KeyCodec.encode(key));
        if (keys.size() > MAX_KEYS) {
          throw new FerryException(ErrorCode.CONFIGURATION, where + ": " + file + " lists more"
              + " than " + MAX_KEYS + " keys, the most an allowlist holds in memory. Select"
              + " the rows with a where: condition instead.");
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new FerryException(ErrorCode.CONFIGURATION, where + ": keys-file " + file
          + " not found. Give its path relative to ferry.yaml.");
    } catch (IOException | UncheckedIOException e) {
      IOException io = e instanceof IOException x ? x : ((UncheckedIOException) e).getCause();
      throw new FerryException(ErrorCode.CONFIGURATION, where + ": cannot read keys-file "
          + file + ": " + FileFailure.reason(io) + ".", e);
    }
    return new KeyAllowlist(keyColumns, keys);
  }

  private static FerryException bad(Path file, long line, String what) {
    return new FerryException(ErrorCode.CONFIGURATION, file + ":" + line + ": the line " + what
        + ".");
  }

  /** How many keys the file lists. */
  public int size() {
    return keys.size();
  }

  /** Whether the file lists this key. */
  public boolean allows(Object[] key) {
    return keys.contains(KeyCodec.encode(key));
  }

  /** The positions of the key's columns among a plan's columns (by name, any letter case). */
  int[] positions(TablePlan plan) {
    int[] positions = new int[keyColumns.size()];
    for (int k = 0; k < positions.length; k++) {
      positions[k] = -1;
      for (int i = 0; i < plan.columns().size(); i++) {
        if (plan.columns().get(i).name().equalsIgnoreCase(keyColumns.get(k))) {
          positions[k] = i;
        }
      }
      if (positions[k] < 0) {
        throw new IllegalStateException("the allowlist's key column " + keyColumns.get(k)
            + " is not read from " + plan.source());
      }
    }
    return positions;
  }

  /** The listed keys not among {@code found} (keys as {@link KeyCodec} writes them), sorted. */
  public List<String> absent(Set<Object> found) {
    return keys.stream().filter(k -> !found.contains(k)).sorted().toList();
  }

  /** SHA-256 of the file, for the plan's fingerprint. */
  public static String digest(Path file) {
    try (var in = Files.newInputStream(file)) {
      var sha = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
      return java.util.HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      return "unreadable";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
