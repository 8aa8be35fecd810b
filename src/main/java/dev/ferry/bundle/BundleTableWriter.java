package dev.ferry.bundle;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TableWriter;
import dev.ferry.rows.ValueKind;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Streams one table into {@code <file>.part}: rows are encoded as they come, and the file's size
 * and SHA-256 are taken from the bytes on their way to disk. {@link #finish()} syncs the file,
 * renames it into place and lists it in the manifest; {@link #close()} without it deletes it.
 * Columns the plan loads as NULL first (cycle breaks) are written with their values: a bundle has
 * no constraints to satisfy.
 */
final class BundleTableWriter implements TableWriter {

  private final BundleTarget target;
  private final TablePlan plan;
  private final ValueKind[] kinds;
  private final Path file;
  private final Path part;
  private final FileOutputStream fileOut;
  private final DataFiles.HashingOutputStream stored;
  private final OutputStream content;
  private final JsonGenerator json;
  private long rows;
  private boolean finished;
  private boolean closed;

  BundleTableWriter(BundleTarget target, TablePlan plan, Path file) {
    this.target = target;
    this.plan = plan;
    this.kinds = plan.columns().stream().map(CopyColumn::kind).toArray(ValueKind[]::new);
    this.file = file;
    this.part = file.resolveSibling(file.getFileName() + DataFiles.PART);
    FileOutputStream out = null;
    try {
      out = new FileOutputStream(part.toFile());
      this.fileOut = out;
      this.stored = new DataFiles.HashingOutputStream(
          new BufferedOutputStream(out, DataFiles.BUFFER));
      this.content = DataFiles.isGzip(file.getFileName().toString())
          ? new GZIPOutputStream(stored, DataFiles.BUFFER)
          : stored;
      this.json = DataFiles.JSON.createGenerator(content);
    } catch (IOException e) {
      closeQuietly(out);
      throw failure("create", e);
    }
  }

  @Override
  public void write(Chunk chunk) {
    requireOpen();
    try {
      for (Object[] row : chunk.rows()) {
        writeRow(row);
      }
    } catch (IOException e) {
      throw failure("write", e);
    }
  }

  private void writeRow(Object[] row) throws IOException {
    long number = rows + 1;
    if (row.length != kinds.length) {
      throw new FerryException(ErrorCode.UNEXPECTED, plan.source() + " row " + number + " has "
          + row.length + " values, the plan has " + kinds.length + " columns");
    }
    json.writeStartArray();
    for (int i = 0; i < row.length; i++) {
      try {
        ValueCodec.write(json, row[i], kinds[i]);
      } catch (IllegalArgumentException e) {
        throw new FerryException(ErrorCode.UNEXPECTED, plan.source() + " row " + number
            + ", column " + plan.columns().get(i).name() + ": " + e.getMessage(), e);
      }
    }
    json.writeEndArray();
    json.writeRaw('\n');
    rows = number;
  }

  @Override
  public void finish() {
    requireOpen();
    DataFiles.Digest digest;
    try {
      json.close();
      if (content instanceof GZIPOutputStream gzip) {
        gzip.finish();
      }
      stored.flush();
      fileOut.getFD().sync();
      content.close();
      digest = stored.digest();
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw failure("finish", e);
    }
    finished = true;
    List<Manifest.FileColumn> columns = plan.columns().stream()
        .map(c -> new Manifest.FileColumn(c.name(), c.kind()))
        .toList();
    target.finished(new Manifest.TableFile(plan.source(), file.getFileName().toString(), rows,
        digest.bytes(), digest.sha256(), plan.keyColumns(), columns));
  }

  /** Without {@link #finish()}, discards the unfinished file: the table is written again. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!finished) {
      closeQuietly(json);
      closeQuietly(content);
      try {
        Files.deleteIfExists(part);
      } catch (IOException e) {
        // a leftover .part file is removed when the next run begins
      }
    }
  }

  private void requireOpen() {
    if (finished || closed) {
      throw new IllegalStateException(plan.source() + " is already "
          + (finished ? "finished" : "closed"));
    }
  }

  private FerryException failure(String action, IOException e) {
    return new FerryException(ErrorCode.UNEXPECTED, "cannot " + action + " " + part + " ("
        + plan.source() + ", " + rows + " rows written): " + FileFailure.reason(e)
        + ". Check free space and permissions, then resume the export.", e);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // discarding an unfinished file: nothing in it is kept
    }
  }
}
