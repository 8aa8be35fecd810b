package dev.ferry.identity;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a file an operator hands ferry (a user map, an inventory export): decoded as UTF-8
 * with every line holding bytes that are not UTF-8 reported, and CSV parse errors turned into
 * line-numbered problems, so that every problem of a file can be reported at once.
 *
 * @param file the file
 * @param text its text; bytes that are not UTF-8 are replaced by U+FFFD, a BOM is dropped
 * @param problems one per line holding bytes that are not UTF-8
 */
record InputText(Path file, String text, List<Problem> problems) {

  /** At most this many encoding problems are listed; a file in another encoding has many. */
  private static final int LISTED = 20;
  private static final Pattern LINE = Pattern.compile("line (\\d+)");

  InputText {
    problems = List.copyOf(problems);
  }

  /**
   * Reads a file as UTF-8.
   *
   * @throws FerryException {@link ErrorCode#INPUT} when the file cannot be read at all
   */
  static InputText read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot read " + file + ": "
          + FileFailure.reason(e) + ". Check the path.", e);
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    // UTF-8 never gives more chars than bytes, and each replacement stands for at least one byte
    CharBuffer out = CharBuffer.allocate(bytes.length);
    List<int[]> bad = new ArrayList<>();
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (!result.isError()) {
        break;
      }
      bad.add(new int[] {in.position(), result.length()});
      out.put('\uFFFD');
      in.position(in.position() + result.length());
    }
    decoder.flush(out);
    String text = out.flip().toString();
    List<Problem> problems = new ArrayList<>();
    int lastLine = -1;
    int line = 1;
    int scanned = 0;
    for (int[] b : bad) {
      // offsets only grow: count line breaks from where the previous one stopped
      for (; scanned < b[0]; scanned++) {
        line += bytes[scanned] == '\n' ? 1 : 0;
      }
      if (line == lastLine) {
        continue;
      }
      lastLine = line;
      if (problems.size() == LISTED) {
        problems.add(new Problem(file.toString(), line, null, null, "more lines are not valid"
            + " UTF-8 (" + bad.size() + " bad byte sequences in all)", "save the file as UTF-8"));
        break;
      }
      problems.add(new Problem(file.toString(), line, null, lineText(text, line),
          "not valid UTF-8: byte 0x" + HexFormat.of().withUpperCase().formatHex(bytes, b[0],
              b[0] + b[1]) + " at byte offset " + b[0] + " (shown as \uFFFD)",
          "save the file as UTF-8 (it looks like another encoding, such as Latin-1)"));
    }
    return new InputText(file, text.startsWith("\uFEFF") ? text.substring(1) : text, problems);
  }

  /**
   * A CSV reader over the text that refuses unclosed quotes instead of reading to the end, and
   * hands over rows with too many or too few fields, so the caller reports each with its line
   * rather than the reader stopping at the first.
   */
  CsvReader<CsvRecord> csv() {
    return CsvReader.builder().skipEmptyLines(true).allowUnclosedQuote(false)
        .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
        .missingFieldStrategy(FieldMismatchStrategy.IGNORE).ofCsvRecord(text);
  }

  /** A CSV parse error as a problem at the line where the broken record starts. */
  Problem csvProblem(CsvParseException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage());
    Matcher m = LINE.matcher(message);
    int line = m.find() ? Integer.parseInt(m.group(1)) : 0;
    return new Problem(file.toString(), line, null, line > 0 ? lineText(text, line) : null,
        "malformed CSV: " + message, "check this line for an unbalanced quote (\"); a value"
            + " containing a quote, comma or line break must be quoted, inner quotes doubled");
  }

  /** The text of a 1-based line, or null past the end. */
  static String lineText(String text, int line) {
    int start = 0;
    for (int l = 1; l < line; l++) {
      start = text.indexOf('\n', start);
      if (start < 0) {
        return null;
      }
      start++;
    }
    int end = text.indexOf('\n', start);
    String s = end < 0 ? text.substring(start) : text.substring(start, end);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
