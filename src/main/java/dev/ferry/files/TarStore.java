package dev.ferry.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A {@code .tar} or {@code .tar.gz} archive as a read-only store (a bucket's backup). The
 * archive is indexed once: each regular entry's name, data offset and size (memory: one entry
 * per file, never a file's bytes); a {@code .tar.gz} is first inflated, streaming, into a
 * temporary {@code .tar} (deleted on close), since a compressed stream cannot be read from the
 * middle. Each {@link #open} reads its entry's bytes through a channel of its own, so tables
 * read one archive at once. Entries whose names climb out with {@code ..} or are absolute are
 * left out of the index, and links are refused when a row names them.
 */
public final class TarStore implements FileStore {

  /** A regular entry's bytes in the archive; {@code link} when the entry is a link instead. */
  private record Entry(long offset, long size, String link) {}

  private final Path archive;
  private final Path inflated;
  private final Path tar;
  private final Map<String, Entry> entries = new HashMap<>();
  private int outside;

  /**
   * @param archive a {@code .tar} file, or a {@code .tar.gz} / {@code .tgz} one
   * @throws IOException when it cannot be read or is no tar archive
   */
  public TarStore(Path archive) throws IOException {
    this.archive = archive;
    String name = archive.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".gz") || name.endsWith(".tgz")) {
      inflated = Files.createTempFile("ferry-store-", ".tar");
      try (InputStream in = new GZIPInputStream(new BufferedInputStream(
          Files.newInputStream(archive), Hashing.BUFFER), Hashing.BUFFER)) {
        Files.copy(in, inflated, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        Files.deleteIfExists(inflated);
        throw e;
      }
      tar = inflated;
    } else {
      inflated = null;
      tar = archive;
    }
    try (TarFile index = new TarFile(tar)) {
      for (TarArchiveEntry e : index.getEntries()) {
        if (e.isDirectory()) {
          continue;
        }
        StorePath path;
        try {
          path = StorePath.of(e.getName());
        } catch (UnsafePath unsafe) {
          outside++;
          continue;
        }
        if (e.isSymbolicLink() || e.isLink()) {
          entries.put(path.text(), new Entry(-1, -1, e.getLinkName()));
        } else if (e.isFile() && !e.isSparse()) {
          entries.put(path.text(), new Entry(e.getDataOffset(), e.getSize(), null));
        } else {
          entries.put(path.text(), new Entry(-1, -1, ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e instanceof IOException io ? io : new IOException("not a tar archive: "
          + e.getMessage(), e);
    }
  }

  /** Entries left out because their names climb out of the archive or are absolute. */
  public int entriesOutside() {
    return outside;
  }

  @Override
  public String describe() {
    return archive.toString();
  }

  @Override
  public InputStream open(StorePath path) throws IOException {
    Entry e = regular(path);
    if (e == null) {
      return null;
    }
    FileChannel channel = FileChannel.open(tar, StandardOpenOption.READ);
    channel.position(e.offset());
    return new BufferedInputStream(new Bounded(Channels.newInputStream(channel), e.size()),
        Hashing.BUFFER);
  }

  @Override
  public long size(StorePath path) {
    Entry e = regular(path);
    return e == null ? -1 : e.size();
  }

  private Entry regular(StorePath path) {
    Entry e = entries.get(path.text());
    if (e != null && e.link() != null) {
      throw new UnsafePath(e.link().isEmpty() ? "'" + path + "' is no regular file in the"
          + " archive" : "'" + path + "' is a link in the archive (to '" + e.link()
          + "'); ferry follows none");
    }
    return e;
  }

  @Override
  public void list(Consumer<StorePath> each) {
    entries.forEach((path, e) -> {
      if (e.link() == null) {
        each.accept(new StorePath(path));
      }
    });
  }

  @Override
  public void close() {
    if (inflated != null) {
      try {
        Files.deleteIfExists(inflated);
      } catch (IOException ignored) {
        // a temporary file; the system's temporary directory is cleaned by others
      }
    }
  }

  /** The first {@code remaining} bytes of a stream, closing it when closed. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private long remaining;

    Bounded(InputStream in, long size) {
      this.in = in;
      this.remaining = size;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
