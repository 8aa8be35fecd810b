package dev.ferry.error;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text that may reach a log, a report, a manifest or an error.
 *
 * <p>Two kinds of masking. By shape: password parameters ({@code password=}, {@code pwd=}, any
 * case, also SQL Server's {@code {braced}} values) and the password of {@code user:password@} in
 * URLs. By value: every password ferry has been given in this process is {@linkplain #remember
 * remembered} (a {@code ConnectionSpec} remembers its own and those in its URL), in its raw and
 * URL-encoded spellings, and masked wherever it stands as a word of its own — so that a driver
 * quoting it out of context ({@code unknown host bob:secret@db}) still shows {@code ***}. Text
 * reaches the user through {@link FerryException} messages, the CLI's error handler (stack traces
 * included) and the log appender, all of which {@link #scrub} it.
 */
public final class Redactor {

  private static final String MASK = "***";
  private static final Pattern PARAM = Pattern.compile(
      "(?i)((?:password|pwd|passwd|secret|token)\\s*=\\s*)(\\{[^}]*}?|[^&;\\s)\"']*)");
  /** {@code //user:password@host}: the password runs to the last {@code @} before the host. */
  private static final Pattern USERINFO = Pattern.compile(
      "(//[^/:@\\s]+:)(\\S*)(@[^@\\s/?;]*(?=[/?;\\s)\"']|$))");

  private static final Object LOCK = new Object();
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
  /** The pattern of {@link #SECRETS}; null when a secret was added since it was built. */
  private static volatile Pattern remembered;

  private Redactor() {}

  /** The URL with password parameters and {@code user:password@} parts masked. */
  public static String maskUrl(String url) {
    if (url == null) {
      return null;
    }
    String masked = PARAM.matcher(url).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    return USERINFO.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(
        m.group(1) + MASK + m.group(3)));
  }

  /**
   * Remembers a secret for the rest of the process: {@link #scrub} masks it from now on, raw,
   * percent-decoded and percent-encoded.
   *
   * @param secret a password; null or empty is ignored
   */
  public static void remember(String secret) {
    if (secret == null || secret.isEmpty()) {
      return;
    }
    String decoded = null;
    try {
      // '+' is a plus in user-info and most drivers' parameters, not a space
      decoded = URLDecoder.decode(secret.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notEncoded) {
      // a lone '%': the secret is not percent-encoded, nothing more to remember
    }
    synchronized (LOCK) {
      boolean added = SECRETS.add(secret);
      added |= SECRETS.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
      added |= decoded != null && !decoded.isEmpty() && SECRETS.add(decoded);
      if (added) {
        remembered = null;
      }
    }
  }

  /** Remembers every password a URL carries: its password parameters and its user-info. */
  public static void rememberUrl(String url) {
    if (url == null) {
      return;
    }
    Matcher param = PARAM.matcher(url);
    while (param.find()) {
      String value = param.group(2);
      remember(value.startsWith("{") && value.endsWith("}") && value.length() > 1
          ? value.substring(1, value.length() - 1) : value);
    }
    Matcher info = USERINFO.matcher(url);
    while (info.find()) {
      remember(info.group(2));
    }
  }

  /**
   * The text with every remembered secret and every password-looking URL part masked: what any
   * text must go through before a user, a log or an artifact sees it.
   */
  public static String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Pattern secrets = secretsPattern();
    String result = secrets == null ? text : secrets.matcher(text).replaceAll(MASK);
    return maskUrl(result);
  }

  /** The text with the given secret, every remembered one and password-looking parts masked. */
  public static String redact(String text, String secret) {
    remember(secret);
    return scrub(text);
  }

  /**
   * One pattern for all remembered secrets, longest first so that a secret containing another is
   * masked whole. A secret counts where it is not glued to letters or digits: a driver quotes a
   * password between delimiters, while a short password that happens to be part of a longer
   * word ({@code postgres} in {@code jdbc:postgresql}) is left alone.
   */
  private static Pattern secretsPattern() {
    Pattern pattern = remembered;
    if (pattern != null || SECRETS.isEmpty()) {
      return pattern;
    }
    synchronized (LOCK) {
      if (remembered == null) {
        String alternatives = String.join("|", SECRETS.stream()
            .sorted(Comparator.comparingInt(String::length).reversed()
                .thenComparing(Comparator.naturalOrder()))
            .map(Pattern::quote).toList());
        remembered = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])");
      }
      return remembered;
    }
  }
}
