package dev.ferry.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streams bytes through SHA-256 (and to a channel), one buffer at a time. */
final class Hashing {

  /** The buffer: large enough for the disk's sequential rate, small enough for many threads. */
  static final int BUFFER = 256 * 1024;

  /** One buffer per thread, used again for every file: no 256 KiB garbage per small file. */
  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(
      () -> new byte[BUFFER]);

  private Hashing() {}

  /** The result of a pass: the SHA-256 in hex and the number of bytes. */
  record Result(String sha256, long size) {}

  /** Reads {@code in} to its end, writing every byte to {@code out} when it is not null. */
  static Result copy(InputStream in, WritableByteChannel out) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = BUFFERS.get();
    long size = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      if (n == 0) {
        continue;
      }
      digest.update(buffer, 0, n);
      size += n;
      if (out != null) {
        ByteBuffer slice = ByteBuffer.wrap(buffer, 0, n);
        while (slice.hasRemaining()) {
          out.write(slice);
        }
      }
    }
    return new Result(HexFormat.of().formatHex(digest.digest()), size);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
