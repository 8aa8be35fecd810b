package dev.ferry.script;

import java.nio.file.Path;

/**
 * The files of a remap: the script given with {@code --out} ({@code remap.sql}), and beside it
 * {@code remap.inverse.sql}, {@code remap.dry-run.sql} and the summary {@code remap.json}.
 */
record RemapFiles(Path forward, Path inverse, Path dryRun, Path summary) {

  static RemapFiles of(Path out) {
    Path absolute = out.toAbsolutePath();
    String name = absolute.getFileName().toString();
    String stem = name.endsWith(".sql") ? name.substring(0, name.length() - 4) : name;
    return new RemapFiles(absolute, absolute.resolveSibling(stem + ".inverse.sql"),
        absolute.resolveSibling(stem + ".dry-run.sql"), absolute.resolveSibling(stem + ".json"));
  }
}
