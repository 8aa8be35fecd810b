package dev.ferry.report;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a rendered HTML report. */
public final class HtmlFiles {

  private HtmlFiles() {}

  /** Writes the page as UTF-8, creating the directory if needed. */
  public static void write(Path file, String html) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot write " + file + ": " + FileFailure.reason(e), e);
    }
  }
}
