package dev.ferry.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A local directory tree as a store, read and written. A path is followed only through real
 * directories: any symbolic link on the way (inside the store or not) is refused. Files are
 * staged in {@value #TEMPORARY} at the store's root (the same file system, so the rename that
 * commits them is atomic) and that directory is emptied when a run starts. Files are committed
 * in groups: their bytes flushed to disk, renamed, the renames flushed. Where {@code sync -f}
 * works ({@link FileSystemSync}), each flush is one of the whole file system, as {@code cp -r;
 * sync} makes its copy durable; elsewhere each file is forced (several at once) and each
 * directory once.
 */
public final class DirectoryStore implements FileStore, WritableStore {

  /** The directory of staged files, at the store's root. */
  public static final String TEMPORARY = ".ferry-tmp";

  /**
   * Files forced to disk at once: waiting on the disk, not the CPU, so more than the cores; the
   * file system batches the journal commits of concurrent forces.
   */
  static final int FORCERS = 8;

  private static final ExecutorService FORCING = Executors.newFixedThreadPool(FORCERS, r -> {
    Thread t = new Thread(r, "ferry-force");
    t.setDaemon(true);
    return t;
  });

  /** Names staged files apart from another process's: this process's random part. */
  private static final String NONCE = Long.toHexString(new java.security.SecureRandom()
      .nextLong());
  private static final java.util.concurrent.atomic.AtomicLong STAGED =
      new java.util.concurrent.atomic.AtomicLong();

  private final Path root;
  private final Path temporary;
  private volatile boolean temporaryMade;
  private final FileSystemSync fileSystem;

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
    this.fileSystem = new FileSystemSync(this.root);
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
  public Staged stage(InputStream in, boolean force) throws IOException {
    if (!temporaryMade) {
      Files.createDirectories(temporary);
      temporaryMade = true;
    }
    Path staged = temporary.resolve("f-" + NONCE + "-" + STAGED.incrementAndGet() + ".part");
    boolean done = false;
    try (FileChannel out = FileChannel.open(staged, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      Hashing.Result result = Hashing.copy(in, out);
      // with a file system flush, the commit makes every staged file durable at once
      boolean forced = force && !fileSystem.available();
      if (forced) {
        out.force(true);
      }
      done = true;
      return new Staged(staged, result.sha256(), result.size(), forced);
    } finally {
      if (!done) {
        Files.deleteIfExists(staged);
      }
    }
  }

  @Override
  public Staged measure(InputStream in) throws IOException {
    Hashing.Result result = Hashing.copy(in, null);
    return new Staged(null, result.sha256(), result.size(), false);
  }

  @Override
  public Staged force(Staged staged) throws IOException {
    if (staged.forced() || staged.temporary() == null || fileSystem.available()) {
      return staged;
    }
    try (FileChannel file = FileChannel.open(staged.temporary(), StandardOpenOption.WRITE)) {
      file.force(true);
    }
    return new Staged(staged.temporary(), staged.sha256(), staged.size(), true);
  }

  @Override
  public void commit(List<Move> moves) throws IOException {
    if (moves.isEmpty()) {
      return;
    }
    boolean flush = fileSystem.available();
    if (flush) {
      // the bytes first: every staged file durable before any is renamed to its path
      fileSystem.flush();
    } else {
      // many files at once: one journal commit serves several of them
      inParallel(moves.stream().filter(m -> !m.staged().forced())
          .map(m -> m.staged().temporary()).toList(), f -> {
        try (FileChannel file = FileChannel.open(f, StandardOpenOption.WRITE)) {
          file.force(true);
        }
      });
    }
    Set<Path> touched = new LinkedHashSet<>();
    for (Move m : moves) {
      Path file = m.path().under(root);
      Path parent = file.getParent();
      attributesWithoutLinks(m.path(), parent);
      List<Path> made = new ArrayList<>();
      for (Path dir = parent; !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
          dir = dir.getParent()) {
        made.add(0, dir);
      }
      for (Path dir : made) {
        try {
          Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
          if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw e;
          }
          // made meanwhile by another table's files
        }
        touched.add(dir.getParent());
      }
      Files.move(m.staged().temporary(), file, StandardCopyOption.ATOMIC_MOVE);
      touched.add(parent);
    }
    // each rename, and each directory made for one, durable in its parent
    if (flush) {
      fileSystem.flush();
    } else {
      inParallel(List.copyOf(touched), DirectoryStore::force);
    }
  }

  /** An action on a file that may fail. */
  private interface FileAction {
    void apply(Path file) throws IOException;
  }

  /** Applies {@code action} to every file on the forcing threads; the first failure is thrown. */
  private static void inParallel(List<Path> files, FileAction action) throws IOException {
    if (files.isEmpty()) {
      return;
    }
    if (files.size() == 1) {
      action.apply(files.get(0));
      return;
    }
    List<Future<?>> done = new ArrayList<>(files.size());
    for (Path f : files) {
      done.add(FORCING.submit(() -> {
        action.apply(f);
        return null;
      }));
    }
    IOException failed = null;
    for (Future<?> d : done) {
      try {
        d.get();
      } catch (ExecutionException e) {
        if (failed == null) {
          failed = e.getCause() instanceof IOException io ? io
              : new IOException(e.getCause().getMessage(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while forcing files to disk");
      }
    }
    if (failed != null) {
      throw failed;
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
