package dev.ferry.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A local directory tree as a store, read and written. A path is followed only through real
 * directories: any symbolic link on the way (inside the store or not) is refused. Files are
 * staged in {@value #TEMPORARY} at the store's root (the same file system, so the rename that
 * commits them is atomic) and that directory is emptied when a run starts.
 */
public final class DirectoryStore implements FileStore, WritableStore {

  /** The directory of staged files, at the store's root. */
  public static final String TEMPORARY = ".ferry-tmp";

  private final Path root;
  private final Path temporary;

  /**
   * @param root an existing directory; a symbolic link to one is followed here, once
   * @throws IOException when it is not a directory or cannot be read
   */
  public DirectoryStore(Path root) throws IOException {
    this.root = root.toRealPath();
    if (!Files.isDirectory(this.root)) {
      throw new java.nio.file.NotDirectoryException(root.toString());
    }
    this.temporary = this.root.resolve(TEMPORARY);
  }

  /** The store's directory, its real path. */
  public Path root() {
    return root;
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public InputStream open(StorePath path) throws IOException {
    Path file = path.under(root);
    BasicFileAttributes attributes = attributesWithoutLinks(path, file);
    if (attributes == null) {
      return null;
    }
    if (!attributes.isRegularFile()) {
      throw new UnsafePath("'" + path + "' is not a regular file");
    }
    try {
      return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public long size(StorePath path) throws IOException {
    BasicFileAttributes attributes = attributesWithoutLinks(path, path.under(root));
    if (attributes == null) {
      return -1;
    }
    if (!attributes.isRegularFile()) {
      throw new UnsafePath("'" + path + "' is not a regular file");
    }
    return attributes.size();
  }

  /**
   * The attributes of the file at {@code file}, after checking that no part of the way from the
   * root is a symbolic link; null when some part does not exist.
   */
  private BasicFileAttributes attributesWithoutLinks(StorePath path, Path file)
      throws IOException {
    Path at = root;
    BasicFileAttributes attributes = null;
    for (Path segment : root.relativize(file)) {
      at = at.resolve(segment);
      try {
        attributes = Files.readAttributes(at, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return null;
      }
      if (attributes.isSymbolicLink()) {
        throw new UnsafePath("'" + root.relativize(at).toString().replace('\\', '/')
            + "' on the way to '" + path + "' is a symbolic link; ferry follows none");
      }
    }
    return attributes;
  }

  @Override
  public void list(Consumer<StorePath> each) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return dir.equals(temporary) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          each.accept(new StorePath(root.relativize(file).toString().replace('\\', '/')));
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  @Override
  public WritableStore writable() {
    return this;
  }

  @Override
  public Staged stage(InputStream in) throws IOException {
    Files.createDirectories(temporary);
    Path staged = Files.createTempFile(temporary, "f-", ".part");
    boolean done = false;
    try (FileChannel out = FileChannel.open(staged, StandardOpenOption.WRITE)) {
      Hashing.Result result = Hashing.copy(in, out);
      out.force(true);
      done = true;
      return new Staged(staged, result.sha256(), result.size());
    } finally {
      if (!done) {
        Files.deleteIfExists(staged);
      }
    }
  }

  @Override
  public Staged measure(InputStream in) throws IOException {
    Hashing.Result result = Hashing.copy(in, null);
    return new Staged(null, result.sha256(), result.size());
  }

  @Override
  public void commit(Staged staged, StorePath path) throws IOException {
    Path file = path.under(root);
    Path parent = file.getParent();
    attributesWithoutLinks(path, parent);
    List<Path> made = new ArrayList<>();
    for (Path dir = parent; !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
        dir = dir.getParent()) {
      made.add(0, dir);
    }
    for (Path dir : made) {
      Files.createDirectory(dir);
    }
    Files.move(staged.temporary(), file, StandardCopyOption.ATOMIC_MOVE);
    // the rename, and each directory made for it, durable in its parent
    force(parent);
    for (Path dir : made) {
      force(dir.getParent());
    }
  }

  private static void force(Path directory) throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  @Override
  public void discard(Staged staged) throws IOException {
    if (staged.temporary() != null) {
      Files.deleteIfExists(staged.temporary());
    }
  }

  @Override
  public int sweepTemporaries() throws IOException {
    if (!Files.isDirectory(temporary, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    int swept = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(temporary)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
        swept++;
      }
    }
    return swept;
  }

  @Override
  public void close() {
    // nothing held open
  }
}
