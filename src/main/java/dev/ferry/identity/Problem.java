package dev.ferry.identity;

/**
 * One thing wrong with an input file, precise enough to fix without guessing.
 *
 * @param file the file
 * @param line the 1-based line, or 0 for the file as a whole
 * @param column the column concerned, or null
 * @param value the offending value, or null
 * @param message what is wrong
 * @param fix what to do
 */
public record Problem(String file, int line, String column, String value, String message,
    String fix) {

  /** {@code file:line: message (column 'x', value 'y'). fix} */
  public String render() {
    return file + (line > 0 ? ":" + line : "") + ": " + message
        + (column != null ? " (column " + column + (value != null ? ", value '" + value + "'" : "")
            + ")" : value != null ? " (value '" + value + "')" : "")
        + (fix != null ? ". " + fix : "");
  }
}
