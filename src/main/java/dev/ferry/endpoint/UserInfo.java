package dev.ferry.endpoint;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The {@code user:password@} of a JDBC URL ({@code jdbc:postgresql://ann:s3cret@db/app}), taken
 * out before the URL reaches a driver. Neither PgJDBC nor the MariaDB driver reads user-info:
 * they take it for part of the host and quote it, password and all, in their errors ("unknown
 * host ann:s3cret@db", "Incorrect port value"). ferry hands the two to the driver as connection
 * properties instead, percent-decoded as in any URL.
 *
 * @param url the URL without user-info
 * @param user the user it named, or null
 * @param password the password it named, or null
 */
record UserInfo(String url, String user, String password) {

  /** What comes before a server's {@code //}: {@code jdbc:postgresql:}, {@code jdbc:h2:tcp:}. */
  private static final Pattern SCHEME = Pattern.compile("(?i)jdbc(?::[a-z0-9]+)+:");

  /** Splits the user-info off a URL; a URL without any comes back as it is. */
  static UserInfo split(String url) {
    int start = url.indexOf("//");
    if (start < 0 || !SCHEME.matcher(url.substring(0, start)).matches()) {
      return new UserInfo(url, null, null);
    }
    start += 2;
    int end = authorityEnd(url, start);
    int at = url.lastIndexOf('@', end - 1);
    if (at < start) {
      return new UserInfo(url, null, null);
    }
    String info = url.substring(start, at);
    int colon = info.indexOf(':');
    String user = decode(colon < 0 ? info : info.substring(0, colon));
    String password = colon < 0 ? null : decode(info.substring(colon + 1));
    return new UserInfo(url.substring(0, start) + url.substring(at + 1),
        user.isEmpty() ? null : user, password);
  }

  /**
   * Where the authority ends: at the path, the parameters or whitespace. A password holding one
   * of {@code / ? ;} must be percent-encoded, as in any URL; a raw {@code @} may stay.
   */
  private static int authorityEnd(String url, int start) {
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == ';' || Character.isWhitespace(c)) {
        return i;
      }
    }
    return url.length();
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notEncoded) {
      return text;
    }
  }

  @Override
  public String toString() {
    return "UserInfo[" + url + ", user=" + user + (password == null ? "" : ", password=***") + "]";
  }
}
