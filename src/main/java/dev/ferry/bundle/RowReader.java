package dev.ferry.bundle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.error.FileFailure;
import dev.ferry.rows.ValueKind;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.List;

/**
 * Decodes a data file row by row, in the file's column order; holds one row at a time (and
 * Jackson's small buffer), so any table size streams.
 */
final class RowReader implements Closeable {

  private final List<Manifest.FileColumn> columns;
  private final InputStream content;
  private final JsonParser parser;
  private long rows;

  RowReader(Path file, List<Manifest.FileColumn> columns) throws IOException {
    this.columns = List.copyOf(columns);
    this.content = DataFiles.openContent(file);
    try {
      this.parser = DataFiles.JSON.createParser(content);
    } catch (IOException e) {
      content.close();
      throw e;
    }
  }

  /** Rows decoded so far. */
  long rows() {
    return rows;
  }

  /**
   * The next row, values in the file's column order, or null at the end of the file.
   *
   * @throws IOException when the file cannot be read or a row is not what the manifest declares;
   *     the message names the line (= row number) and the column
   */
  Object[] next() throws IOException {
    long line = rows + 1;
    try {
      JsonToken token = parser.nextToken();
      if (token == null) {
        return null;
      }
      if (token != JsonToken.START_ARRAY) {
        throw new BadRow("line " + line + ": expected a row (a JSON array), found " + token);
      }
      Object[] row = new Object[columns.size()];
      int i = 0;
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        if (i == row.length) {
          throw new BadRow("line " + line + ": more than the " + row.length
              + " values the manifest declares");
        }
        Manifest.FileColumn column = columns.get(i);
        row[i++] = decode(column.kind(), line, column.name());
      }
      if (i != row.length) {
        throw new BadRow("line " + line + ": " + i + " values, the manifest declares "
            + row.length);
      }
      rows++;
      return row;
    } catch (JsonProcessingException e) {
      throw new BadRow("line " + line + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (BadRow e) {
      throw e;
    } catch (IOException e) {
      // the file itself: unreadable, or a gzip stream cut short
      throw new BadRow("line " + line + ": " + describe(e), e);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof EOFException) {
      return "the file ends early" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }
    return FileFailure.reason(e);
  }

  private Object decode(ValueKind kind, long line, String column) throws IOException {
    try {
      return ValueCodec.read(parser, kind);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new BadRow("line " + line + ", column " + column + " (" + kind + "): "
          + e.getMessage(), e);
    }
  }

  /** A row that cannot be read, with its line (and column) in the message. */
  static final class BadRow extends IOException {
    private static final long serialVersionUID = 1L;

    BadRow(String message) {
      super(message);
    }

    BadRow(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      parser.close();
    } finally {
      content.close();
    }
  }
}
