package dev.ferry.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes ferry's JSON artifacts deterministically: fields in declaration order, map entries by key,
 * two-space indentation, {@code \n} line ends, a final newline, nulls left out. The same value
 * always gives the same bytes, so artifacts can be compared with {@code cmp}.
 */
public final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter()
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  private Json() {}

  /** The shared mapper, for reading artifacts back. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The pretty, deterministic text of a value, ending in a newline. */
  public static String pretty(Object value) {
    try {
      return MAPPER.writer(PRETTY).writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** The compact, deterministic text of a value, for hashing. */
  public static String compact(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** {@code sha256:} and the hex SHA-256 of the value's compact JSON. */
  public static String fingerprint(Object value) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(compact(value).getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * Writes the value to {@code file} atomically: a temporary file beside it, then a rename, so a
   * reader never sees half an artifact.
   */
  public static void write(Path file, Object value) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      // a plain file (not createTempFile, whose 0600 mode would stick to the artifact)
      Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
          + Thread.currentThread().getId() + ".tmp");
      Files.writeString(tmp, pretty(value), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INPUT, "cannot write " + file + ": " + whyNot(dir, e),
          e);
    }
  }

  /** Why a file could not be written into {@code dir}: often a file where a directory belongs. */
  private static String whyNot(Path dir, IOException e) {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        return p + " is a file, not a directory. Name a directory, or remove the file";
      } else if (Files.exists(p)) {
        break;
      }
    }
    return FileFailure.reason(e) + ". Check that the directory is writable";
  }
}
