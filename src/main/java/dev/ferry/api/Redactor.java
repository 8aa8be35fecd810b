package dev.ferry.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Removes credentials from text that may reach a log, a report, a manifest or an error. */
public final class Redactor {

  private static final String MASK = "***";
  private static final Pattern PARAM = Pattern.compile(
      "(?i)((?:password|pwd|passwd|secret|token)\\s*=\\s*)([^&;\\s)]*)");
  private static final Pattern USERINFO = Pattern.compile("(//[^/:@\\s]+:)([^@/\\s]*)(@)");

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

  /** The text with every occurrence of the secret and every password-looking part masked. */
  public static String redact(String text, String secret) {
    if (text == null) {
      return null;
    }
    String result = text;
    if (secret != null && !secret.isEmpty()) {
      result = result.replace(secret, MASK);
    }
    return maskUrl(result);
  }
}
