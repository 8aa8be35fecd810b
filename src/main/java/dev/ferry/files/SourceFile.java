package dev.ferry.files;

import dev.ferry.api.FileFate;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a store holds at the path a row gives, judged by the rule copy follows (docs/files.md):
 * the path checked, the file read and hashed streaming (one buffer, never the file), and its hash
 * and size held against what the row expects. {@code verify} asks it of the source store to know
 * what the copy wrote, and of the target store to prove it arrived.
 *
 * @param fate {@link FileFate#COPIED} when the file is there, whole and as the row expects (it
 *     arrives in a copy); {@link FileFate#MISSING}, {@link FileFate#MISMATCH} or {@link
 *     FileFate#REFUSED} otherwise
 * @param path the path, normalised; null when it was refused before it was read
 * @param sha256 the file's SHA-256, 64 lower-case hex digits; null when it was not read
 * @param size its size in bytes; -1 when it was not read
 * @param reason why it does not arrive; null when it does
 */
public record SourceFile(FileFate fate, StorePath path, String sha256, long size,
    String reason) {

  /**
   * Examines the file at {@code given} in {@code store}.
   *
   * @param expectedSha256 the SHA-256 (hex) the row expects; null for none
   * @param expectedSize the size in bytes the row expects, as text; null for none
   * @param hash whether to read and hash the file; otherwise only its size is asked (the
   *     template {@code keep} without an expected SHA-256 needs no more)
   */
  public static SourceFile examine(FileStore store, String given, String expectedSha256,
      String expectedSize, boolean hash) throws IOException {
    StorePath path;
    try {
      path = StorePath.of(given);
    } catch (UnsafePath e) {
      return new SourceFile(FileFate.REFUSED, null, null, -1, e.getMessage());
    }
    String sha = null;
    long size;
    try {
      if (hash || expectedSha256 != null) {
        try (InputStream in = store.open(path)) {
          if (in == null) {
            return missing(store, path);
          }
          Hashing.Result read = Hashing.copy(in, null);
          sha = read.sha256();
          size = read.size();
        }
      } else {
        size = store.size(path);
        if (size < 0) {
          return missing(store, path);
        }
      }
    } catch (UnsafePath e) {
      return new SourceFile(FileFate.REFUSED, path, null, -1, e.getMessage());
    }
    if (expectedSha256 != null && !expectedSha256.trim().equalsIgnoreCase(sha)) {
      return new SourceFile(FileFate.MISMATCH, path, sha, size, "its SHA-256 is " + sha
          + ", the row expects " + expectedSha256.trim());
    }
    if (expectedSize != null && !expectedSize.trim().equals(Long.toString(size))) {
      return new SourceFile(FileFate.MISMATCH, path, sha, size, "it has " + size
          + " bytes, the row expects " + expectedSize.trim());
    }
    return new SourceFile(FileFate.COPIED, path, sha, size, null);
  }

  private static SourceFile missing(FileStore store, StorePath path) {
    return new SourceFile(FileFate.MISSING, path, null, -1, "no such file in "
        + store.describe());
  }

  /** Whether the file is there as the row expects: a copy writes it. */
  public boolean arrives() {
    return fate == FileFate.COPIED;
  }

  /**
   * The reference a copy writes into the row: the template's path when the file arrives, else
   * the row's own ({@code given}).
   */
  public String reference(PathTemplate template, String given) {
    return arrives() ? template.target(path, sha256).text() : given;
  }
}
