package dev.ferry.files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's path inside a store, checked to stay inside it: relative, {@code /}-separated, no
 * {@code ..}, no empty or {@code .} segment after the leading {@code ./} and doubled slashes are
 * dropped, no NUL, no backslash (a Windows separator), no drive letter. Its text is the one form
 * that names the file, so two rows naming one file the same way share it.
 *
 * @param text the segments joined by {@code /}
 */
public record StorePath(String text) implements Comparable<StorePath> {

  /** The longest path accepted, in characters: longer ones are refused as no file's. */
  static final int MAX_LENGTH = 4096;

  public StorePath {
    if (text == null || text.isEmpty()) {
      throw new UnsafePath("the path is empty");
    }
  }

  /**
   * The path a row or an archive entry gives, checked.
   *
   * @throws UnsafePath when it is absolute, climbs out with {@code ..}, or is no file's path
   */
  public static StorePath of(String given) {
    if (given == null || given.isBlank()) {
      throw new UnsafePath("the path is empty");
    }
    if (given.length() > MAX_LENGTH) {
      throw new UnsafePath("the path is longer than " + MAX_LENGTH + " characters");
    }
    if (given.indexOf('\0') >= 0) {
      throw new UnsafePath("the path holds a NUL character");
    }
    if (given.indexOf('\\') >= 0) {
      throw new UnsafePath("the path holds a backslash; paths in rows are '/'-separated");
    }
    if (given.startsWith("/")) {
      throw new UnsafePath("the path is absolute; paths in rows are relative to the store");
    }
    if (given.length() >= 2 && given.charAt(1) == ':' && Character.isLetter(given.charAt(0))) {
      throw new UnsafePath("the path starts with a drive letter");
    }
    List<String> kept = new ArrayList<>();
    for (String segment : given.split("/", -1)) {
      if (segment.equals("..")) {
        throw new UnsafePath("the path climbs out of the store with '..'");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      kept.add(segment);
    }
    if (kept.isEmpty()) {
      throw new UnsafePath("the path names the store itself, not a file");
    }
    return new StorePath(String.join("/", kept));
  }

  /** The path under a directory: always inside it. */
  public Path under(Path root) {
    Path resolved = root;
    for (String segment : text.split("/")) {
      resolved = resolved.resolve(segment);
    }
    return resolved;
  }

  /** The last segment's extension without the dot, lower case; empty when it has none. */
  public String extension() {
    String name = text.substring(text.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot <= 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1);
  }

  @Override
  public int compareTo(StorePath other) {
    return text.compareTo(other.text);
  }

  @Override
  public String toString() {
    return text;
  }
}
