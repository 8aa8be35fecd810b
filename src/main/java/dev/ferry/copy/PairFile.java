package dev.ferry.copy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A temporary file of records of two longs (16 bytes), memory-mapped a segment at a time and
 * grown as records are put: what {@link KeySpill} (an id map's pairs) and {@link KeyDigests} (a
 * snapshot's child keys) keep off the heap. Its name is removed as soon as it is open (so a
 * process killed with -9 leaves none behind); where the system refuses that, at close or exit.
 */
final class PairFile implements AutoCloseable {

  private static final int RECORD = 16;

  private final int segmentBytes;
  private final String what;
  private final Path file;
  private final FileChannel channel;
  private final List<MappedByteBuffer> segments = new ArrayList<>();

  /**
   * @param prefix the temporary file's name prefix
   * @param what what the file holds, for messages: {@code the id map}
   * @param segmentBytes bytes mapped at a time, a multiple of 16
   */
  PairFile(String prefix, String what, int segmentBytes) {
    this.segmentBytes = segmentBytes;
    this.what = what;
    try {
      file = Files.createTempFile(prefix, ".bin");
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("creating a temporary file for " + what, e);
    }
    try {
      // gone from the directory at once: the open channel keeps it, and a process killed with
      // -9 leaves nothing behind (where the system lets an open file be deleted)
      Files.delete(file);
    } catch (IOException e) {
      file.toFile().deleteOnExit();
    }
  }

  /** The first long of record {@code i}. */
  long first(long i) {
    return at(i * RECORD);
  }

  /** The second long of record {@code i}. */
  long second(long i) {
    return at(i * RECORD + 8);
  }

  private long at(long byteAt) {
    return segments.get((int) (byteAt / segmentBytes)).getLong((int) (byteAt % segmentBytes));
  }

  /** Writes record {@code i}, mapping segments up to it. */
  void put(long i, long first, long second) {
    long byteAt = i * RECORD;
    int segment = (int) (byteAt / segmentBytes);
    while (segments.size() <= segment) {
      try {
        segments.add(channel.map(FileChannel.MapMode.READ_WRITE,
            (long) segments.size() * segmentBytes, segmentBytes));
      } catch (IOException e) {
        throw new UncheckedIOException("growing the temporary file of " + what + " " + file, e);
      }
    }
    MappedByteBuffer buffer = segments.get(segment);
    buffer.putLong((int) (byteAt % segmentBytes), first);
    buffer.putLong((int) (byteAt % segmentBytes) + 8, second);
  }

  /**
   * Sorts the first {@code n} records by their first long, then their second, in place (heap
   * sort: no memory beyond the file).
   */
  void sort(long n) {
    for (long i = n / 2 - 1; i >= 0; i--) {
      siftDown(i, n);
    }
    for (long end = n - 1; end > 0; end--) {
      swap(0, end);
      siftDown(0, end);
    }
  }

  /** Record {@code i} against the pair ({@code first}, {@code second}), in {@link #sort}'s order. */
  int compare(long i, long first, long second) {
    int c = Long.compare(first(i), first);
    return c != 0 ? c : Long.compare(second(i), second);
  }

  private void siftDown(long i, long n) {
    while (true) {
      long child = 2 * i + 1;
      if (child >= n) {
        return;
      }
      if (child + 1 < n && compare(child + 1, first(child), second(child)) > 0) {
        child++;
      }
      if (compare(i, first(child), second(child)) >= 0) {
        return;
      }
      swap(i, child);
      i = child;
    }
  }

  /** Swaps records {@code a} and {@code b}. */
  private void swap(long a, long b) {
    long first = first(a);
    long second = second(a);
    put(a, first(b), second(b));
    put(b, first, second);
  }

  @Override
  public void close() {
    segments.clear();
    try {
      channel.close();
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file: deleted at exit at the latest
    }
  }
}
