package dev.ferry.copy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The id map's pairs of one table whose source and target keys are single integers, kept on
 * disk for the run (docs/merge.md, "The id map"): fixed-width records of two longs (source key,
 * target key) in memory-mapped temporary files, looked up by binary search. The heap holds
 * nothing per pair; a file takes 16 bytes a pair and is deleted when the run ends.
 *
 * <p>A table is loaded in ascending source-key order, so its pairs arrive sorted; a table loaded
 * as key ranges at once ({@link KeyRanges}) sends each range's pairs on a lane of their own, each
 * lane a file whose pairs arrive sorted. Within a lane, each append that does not sort after the
 * last one starts a new sorted region, a look-up searches every region, and past {@link #REGIONS}
 * regions the lane is sorted in place into one. A look-up skips a lane whose smallest and
 * largest source keys leave the key out, so disjoint ranges cost one search. Pairs read back from
 * the target's map (a resumed run or a rerun) are appended unsorted and then {@link #sort sorted}
 * once. Not thread-safe by itself: {@link IdMap} serialises the calls.
 */
final class KeySpill implements AutoCloseable {

  /** What {@link #find} answers for a key the spill does not hold. */
  static final long NONE = Long.MIN_VALUE;
  /** The lane of a table loaded whole, and of the pairs read back from the map. */
  static final String WHOLE = "";
  /** Bytes a mapped segment holds (4,194,304 pairs). */
  private static final int SEGMENT = 1 << 26;
  /** Sorted regions of a lane before it is sorted into one. */
  private static final int REGIONS = 16;

  /** The lanes in the order they were opened; a later lane's pair wins a look-up. */
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private List<Lane> newestFirst = List.of();

  long size() {
    return lanes.values().stream().mapToLong(l -> l.size).sum();
  }

  /** Appends a pair of a table loaded whole. */
  void append(long source, long target) {
    append(WHOLE, source, target);
  }

  /**
   * Appends a pair on {@code lane} (a key range's unit); a source key not above the lane's last
   * one starts a new sorted region.
   */
  void append(String lane, long source, long target) {
    lane(lane).append(source, target);
  }

  /** Appends a pair in no particular order: call {@link #sort} before the next look-up. */
  void appendUnsorted(long source, long target) {
    lane(WHOLE).put(source, target);
  }

  /** Sorts every lane's pairs by source key into one region, in place (no heap memory). */
  void sort() {
    lanes.values().forEach(Lane::sort);
  }

  /** The target key paired with a source key, or {@link #NONE}; the newest pair wins. */
  long find(long source) {
    for (Lane lane : newestFirst) {
      long found = lane.find(source);
      if (found != NONE) {
        return found;
      }
    }
    return NONE;
  }

  private Lane lane(String name) {
    Lane lane = lanes.get(name);
    if (lane == null) {
      lane = new Lane();
      lanes.put(name, lane);
      List<Lane> order = new ArrayList<>(lanes.values());
      java.util.Collections.reverse(order);
      newestFirst = List.copyOf(order);
    }
    return lane;
  }

  @Override
  public void close() {
    lanes.values().forEach(l -> l.pairs.close());
    lanes.clear();
    newestFirst = List.of();
  }

  /** One lane's pairs: a file of sorted regions. */
  private static final class Lane {
    private final PairFile pairs = new PairFile("ferry-id-map-", "the id map", SEGMENT);
    private long size;
    /** The first pair of each sorted region. */
    private long[] regions = new long[0];
    private long least = Long.MAX_VALUE;
    private long greatest = Long.MIN_VALUE;

    void append(long source, long target) {
      if (size == 0 || source <= pairs.first(size - 1)) {
        if (regions.length == REGIONS) {
          put(source, target);
          sort();
          return;
        }
        regions = Arrays.copyOf(regions, regions.length + 1);
        regions[regions.length - 1] = size;
      }
      put(source, target);
    }

    void put(long source, long target) {
      pairs.put(size++, source, target);
      least = Math.min(least, source);
      greatest = Math.max(greatest, source);
    }

    void sort() {
      pairs.sort(size);
      regions = size == 0 ? new long[0] : new long[] {0};
    }

    long find(long source) {
      if (source < least || source > greatest) {
        return NONE;
      }
      for (int r = regions.length - 1; r >= 0; r--) {
        long low = regions[r];
        long high = (r + 1 < regions.length ? regions[r + 1] : size) - 1;
        while (low <= high) {
          long mid = (low + high) >>> 1;
          long key = pairs.first(mid);
          if (key < source) {
            low = mid + 1;
          } else if (key > source) {
            high = mid - 1;
          } else {
            return pairs.second(mid);
          }
        }
      }
      return NONE;
    }
  }
}
