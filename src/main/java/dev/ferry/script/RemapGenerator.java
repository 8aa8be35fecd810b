package dev.ferry.script;

import dev.ferry.json.Json;
import dev.ferry.rows.ValueKind;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the remap scripts from a validated map and the reference columns: the forward script,
 * its inverse when the map is one-to-one, and the dry-run listing. Streams: statements go to disk
 * batch by batch; memory is the map's keys (twice, as indexes) plus one bit per key per column.
 */
final class RemapGenerator {

  /** The guard table's name. */
  static final String GUARD = "ferry_remap_guard";

  /**
   * A reference column.
   *
   * @param label {@code schema.table.column} as the target names it
   * @param source the source column
   * @param table the quoted target table
   * @param column the quoted column
   * @param kind the column's kind, for literals
   * @param unique whether a unique key of the source holds the column: its batches never put two
   *     rows on one value on the way ({@link RemapStaging})
   */
  record Column(String label, String source, String table, String column, ValueKind kind,
      boolean unique) {}

  private final ScriptDialect dialect;
  private final String mapFingerprint;
  private final int batchSize;
  private final int pauseMillis;
  private final String[] keys;
  private final String[] targets;
  private final Map<String, Integer> index;
  private final boolean[] skip;
  private final RemapOrder.Result forwardOrder;
  private final Staging staging;

  /**
   * The key unique columns rotate through, and what the summary says about it.
   *
   * @param key a key no row holds, canonical text
   * @param note why this key, and what it asks of the target
   */
  record Staging(String key, String note) {}

  /**
   * @param pairs source key → target key (canonical text)
   * @param toNull source keys whose references become NULL
   * @param staging the staging key of unique columns, or null when no column is unique
   */
  RemapGenerator(String dialect, String mapFingerprint, ValueKind sourceKind,
      Map<String, String> pairs, Set<String> toNull, int batchSize, int pauseMillis,
      Staging staging) {
    this.dialect = ScriptDialect.of(dialect);
    this.staging = staging;
    this.mapFingerprint = mapFingerprint;
    this.batchSize = batchSize;
    this.pauseMillis = pauseMillis;
    List<String> all = new ArrayList<>(pairs.size() + toNull.size());
    all.addAll(pairs.keySet());
    all.addAll(toNull);
    this.keys = sorted(all, sourceKind);
    this.index = new HashMap<>(keys.length * 2);
    for (int i = 0; i < keys.length; i++) {
      index.put(keys[i], i);
    }
    this.targets = new String[keys.length];
    this.skip = new boolean[keys.length];
    int[] next = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      targets[i] = pairs.get(keys[i]);
      skip[i] = keys[i].equals(targets[i]);
      Integer at = targets[i] == null ? null : index.get(targets[i]);
      next[i] = at == null ? -1 : at;
    }
    this.forwardOrder = RemapOrder.of(next, skip);
  }

  /** The source keys' indexes (key order), for reading which keys a column holds. */
  Map<String, Integer> index() {
    return index;
  }

  /** Every key that changes, for columns written with all keys. */
  BitSet allKeys() {
    BitSet all = new BitSet(keys.length);
    for (int i = 0; i < keys.length; i++) {
      if (!skip[i]) {
        all.set(i);
      }
    }
    return all;
  }

  /**
   * Writes the scripts.
   *
   * @param columns the reference columns
   * @param held per column, the indexes of the keys it holds
   * @param keysMode {@code referenced} or {@code all}, for the summary
   */
  RemapSummary write(Path out, List<Column> columns, List<BitSet> held, String keysMode) {
    RemapFiles files = RemapFiles.of(out);
    List<Object> identity = new ArrayList<>(List.of("ferry-remap/1", "forward", mapFingerprint,
        batchSize));
    for (int c = 0; c < columns.size(); c++) {
      identity.add(columns.get(c).label() + "=" + sha(held.get(c)));
    }
    String forwardFingerprint = Json.fingerprint(identity);
    RemapStatements.Direction forward = new RemapStatements.Direction("forward",
        forwardFingerprint, keys, targets, forwardOrder, null);
    String inverseProblem = inverseProblem();
    RemapStatements.Direction inverse = null;
    int[] toInverse = null;
    if (inverseProblem == null) {
      toInverse = new int[keys.length];
      inverse = inverse(Json.fingerprint(List.of("ferry-remap/1", "inverse",
          forwardFingerprint)), forwardFingerprint, toInverse);
    }
    RemapWriter writer = new RemapWriter(dialect, GUARD, batchSize, pauseMillis,
        staging == null ? null : staging.key());
    int[] forwardBatches = new int[columns.size()];
    List<RemapSummary.FileSummary> written = new ArrayList<>();
    written.add(writer.script(files.forward(), "forward", forward, columns, held, null,
        forwardBatches, mapFingerprint));
    written.add(writer.dryRun(files.dryRun(), forward, columns, held));
    int[] inverseBatches = null;
    if (inverse == null) {
      // an inverse left by an earlier run belongs to another map: nobody may run it for this one
      deleteStale(files.inverse());
    }
    if (inverse != null) {
      List<BitSet> inverseHeld = new ArrayList<>();
      for (BitSet h : held) {
        BitSet b = new BitSet(keys.length);
        for (int i = h.nextSetBit(0); i >= 0; i = h.nextSetBit(i + 1)) {
          if (!skip[i]) {
            b.set(toInverse[i]);
          }
        }
        inverseHeld.add(b);
      }
      inverseBatches = new int[columns.size()];
      written.add(writer.script(files.inverse(), "inverse", inverse, columns, inverseHeld,
          forwardBatches, inverseBatches, mapFingerprint));
    }
    List<RemapSummary.ColumnBatches> summary = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      BitSet h = (BitSet) held.get(c).clone();
      for (int i = h.nextSetBit(0); i >= 0; i = h.nextSetBit(i + 1)) {
        if (skip[i]) {
          h.clear(i);
        }
      }
      summary.add(new RemapSummary.ColumnBatches(columns.get(c).label(), columns.get(c).source(),
          h.cardinality(), forwardBatches[c], inverseBatches == null ? null : inverseBatches[c]));
    }
    boolean staged = writer.staged();
    RemapSummary result = new RemapSummary(1, dialect.name(), mapFingerprint, forwardFingerprint,
        inverse == null ? null : inverse.fingerprint(), inverseProblem, batchSize, pauseMillis,
        keysMode, GUARD, dialect.runHint(), summary, written, staged ? staging.key() : null,
        staged ? staging.note() : null);
    Json.write(files.summary(), result);
    return result;
  }

  private static void deleteStale(Path file) {
    try {
      java.nio.file.Files.deleteIfExists(file);
    } catch (java.io.IOException e) {
      throw new dev.ferry.error.FerryException(dev.ferry.error.ErrorCode.UNEXPECTED, "cannot remove "
          + file + ", an inverse script of an earlier run that does not undo this map: "
          + dev.ferry.error.FileFailure.reason(e) + ". Remove it, then run again.", e);
    }
  }

  /** Why the map cannot be undone by values alone, or null when it can. */
  private String inverseProblem() {
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < keys.length; i++) {
      if (targets[i] == null) {
        return "source user " + keys[i] + " is mapped to NULL (the null fallback): which NULLs"
            + " were theirs cannot be told afterwards";
      }
      String other = seen.putIfAbsent(targets[i], keys[i]);
      if (other != null) {
        return "source users " + other + " and " + keys[i] + " are both mapped to target user "
            + targets[i] + ": which rows were whose cannot be told afterwards";
      }
    }
    return null;
  }

  /** The inverse direction: target keys (in target key order) back to source keys. */
  private RemapStatements.Direction inverse(String fingerprint, String forwardFingerprint,
      int[] toInverse) {
    Integer[] byTarget = new Integer[keys.length];
    for (int i = 0; i < keys.length; i++) {
      byTarget[i] = i;
    }
    Comparator<String> order = textOrder(targets);
    Arrays.sort(byTarget, (a, b) -> order.compare(targets[a], targets[b]));
    String[] olds = new String[keys.length];
    String[] news = new String[keys.length];
    boolean[] same = new boolean[keys.length];
    for (int j = 0; j < byTarget.length; j++) {
      int i = byTarget[j];
      toInverse[i] = j;
      olds[j] = targets[i];
      news[j] = keys[i];
      same[j] = skip[i];
    }
    int[] next = new int[keys.length];
    for (int j = 0; j < olds.length; j++) {
      // the new key (a source key) is also an old key of the inverse when it is some target
      Integer source = index.get(news[j]);
      next[j] = -1;
      if (source != null) {
        // news[j] as a target: find the forward key mapped to it
        int lo = 0;
        int hi = olds.length - 1;
        while (lo <= hi) {
          int mid = (lo + hi) >>> 1;
          int cmp = order.compare(olds[mid], news[j]);
          if (cmp == 0) {
            next[j] = mid;
            break;
          }
          if (cmp < 0) {
            lo = mid + 1;
          } else {
            hi = mid - 1;
          }
        }
      }
    }
    return new RemapStatements.Direction("inverse", fingerprint, olds, news,
        RemapOrder.of(next, same), forwardFingerprint);
  }

  /** Numeric order when every key is an integer, text order otherwise. */
  private static Comparator<String> textOrder(String[] texts) {
    for (String t : texts) {
      if (!t.matches("-?\\d{1,18}")) {
        return Comparator.naturalOrder();
      }
    }
    return Comparator.comparingLong(Long::parseLong);
  }

  private static String[] sorted(Collection<String> keys, ValueKind kind) {
    String[] out = keys.toArray(String[]::new);
    if (kind == ValueKind.INTEGER) {
      BigInteger[] values = new BigInteger[out.length];
      Integer[] order = new Integer[out.length];
      for (int i = 0; i < out.length; i++) {
        values[i] = new BigInteger(out[i]);
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparing(i -> values[i]));
      String[] sorted = new String[out.length];
      for (int i = 0; i < out.length; i++) {
        sorted[i] = out[order[i]];
      }
      return sorted;
    }
    Arrays.sort(out);
    return out;
  }

  private static String sha(BitSet bits) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(bits.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
