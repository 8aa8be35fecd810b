package dev.ferry.error;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a file could not be read or written, in words a user reads: {@code no such file or
 * directory}, {@code permission denied}, {@code it is a directory}. Never a class name: Java
 * names its file failures by exception type ({@code NoSuchFileException}) and gives only the
 * path as the message, so neither may reach a message as it is.
 */
public final class FileFailure {

  private static final Pattern PARENTHESIS = Pattern.compile("\\(([^()]+)\\)\\s*$");
  /** {@code java.io.IOException: } where a wrapper's message is its cause's toString(). */
  private static final Pattern CLASS_PREFIX = Pattern.compile(
      "^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?:: )?");

  private FileFailure() {}

  /**
   * The reason, lower case, without the path (the message around it names the file).
   *
   * @param failure an I/O failure, or one wrapping it
   */
  public static String reason(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (t instanceof FileAlreadyExistsException) {
      return "it already exists";
    }
    if (t instanceof DirectoryNotEmptyException) {
      return "it is a directory that is not empty";
    }
    if (t instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (t instanceof FileSystemLoopException) {
      return "its symbolic links form a loop";
    }
    if (t instanceof CharacterCodingException) {
      return "it is not valid UTF-8";
    }
    if (t instanceof FileSystemException fs && fs.getReason() != null) {
      return sentence(fs.getReason());
    }
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t instanceof IOException ? "an input/output error" : "no details";
    }
    if (t instanceof FileNotFoundException) {
      // "path (Is a directory)": the reason is in the parenthesis
      Matcher m = PARENTHESIS.matcher(message);
      return m.find() ? sentence(m.group(1)) : "no such file or directory";
    }
    return sentence(firstLine(message));
  }

  /**
   * True when the failure is about the path the user gave (missing, not allowed, a directory
   * where a file belongs, or the reverse) rather than about the machine: bad input (exit 2).
   */
  public static boolean isAboutThePath(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof NoSuchFileException || t instanceof AccessDeniedException
        || t instanceof NotDirectoryException || t instanceof FileAlreadyExistsException
        || t instanceof DirectoryNotEmptyException || t instanceof FileNotFoundException) {
      return true;
    }
    String reason = reason(t);
    return reason.contains("directory") || reason.contains("permission");
  }

  /** The failure inside the wrappers that only carry one across threads or checked-ness. */
  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof UncheckedIOException || t instanceof CompletionException
        || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String sentence(String text) {
    String trimmed = CLASS_PREFIX.matcher(text.trim()).replaceFirst("").trim();
    if (trimmed.isEmpty()) {
      return "no details";
    }
    if (trimmed.length() > 1 && Character.isUpperCase(trimmed.charAt(0))
        && !Character.isUpperCase(trimmed.charAt(1))) {
      trimmed = trimmed.substring(0, 1).toLowerCase(Locale.ROOT) + trimmed.substring(1);
    }
    return trimmed;
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
