package dev.ferry.verify;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.files.FileStore;
import dev.ferry.files.PathTemplate;
import dev.ferry.files.SourceFile;
import dev.ferry.rows.ReferenceText;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The source's path column as the copy writes it (docs/files.md): a row whose file arrives gets
 * the template's path ({@code keep}: the path normalised; {@code sha256}: the content-addressed
 * one, so the source file is hashed), any other keeps the path it has. The rows of a chunk are
 * examined when the chunk is prepared; each value is then rewritten by identity, so two rows
 * naming one file with different expectations each get their own. Under {@code on-mismatch:
 * skip-row}, a row whose file does not arrive is dropped, as the copy drops it. Holds one
 * chunk's paths.
 */
final class FileReferences implements ChunkRewrite {

  private final FileStore source;
  private final PathTemplate template;
  private final int sha256;
  private final int size;
  private final boolean skipRow;
  private final Map<Object, String> chunk = new IdentityHashMap<>();
  /** The chunk's rows whose file does not arrive, under {@code skip-row}. */
  private final Set<Object[]> dropped = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * @param sha256, size the expected columns' positions among the compared; -1 for none
   * @param skipRow whether a row whose file does not arrive is left out, as the copy leaves it
   */
  FileReferences(FileStore source, PathTemplate template, int sha256, int size,
      boolean skipRow) {
    this.source = source;
    this.skipRow = skipRow;
    this.template = template;
    this.sha256 = sha256;
    this.size = size;
  }

  @Override
  public void prepare(List<Object[]> rows, int column) {
    chunk.clear();
    dropped.clear();
    for (Object[] row : rows) {
      Object value = row[column];
      String given = ReferenceText.of(value);
      if (given == null) {
        continue;
      }
      try {
        SourceFile file = SourceFile.examine(source, given,
            sha256 < 0 ? null : ReferenceText.of(row[sha256]),
            size < 0 ? null : ReferenceText.of(row[size]), template == PathTemplate.SHA256);
        chunk.put(value, file.reference(template, given));
        if (skipRow && !file.arrives()) {
          dropped.add(row);
        }
      } catch (IOException e) {
        throw new FerryException(ErrorCode.INPUT, "reading the file '" + given + "' in "
            + source.describe() + " failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public boolean drops(Object[] row) {
    return !dropped.isEmpty() && dropped.contains(row);
  }

  @Override
  public Object apply(Object value) {
    String rewritten = value == null ? null : chunk.get(value);
    return rewritten == null ? value : rewritten;
  }
}
