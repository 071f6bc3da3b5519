package dev.eventstreamer.chainconfig.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * RPC endpoint URLs as they may be shown: credentials masked, or reduced to {@code host:port}.
 * Provider URLs carry API keys in the user info, the query or the path, and none of them may reach
 * an API answer, a log line, a metric or an event.
 */
public final class EndpointUrls {

  /** What replaces each hidden part. */
  public static final String MASK = "***";

  // An API key in a path segment: long, URL-safe and with a digit (plain words stay readable).
  private static final Pattern KEY_LIKE = Pattern.compile("(?=.*[0-9])[A-Za-z0-9_-]{16,}");

  private EndpointUrls() {}

  /**
   * {@code url} with its user info, every query value, the fragment and key-like path segments (the
   * segment after {@code /v2/} or {@code /v3/}, and any of 16 or more letters, digits, {@code -} or
   * {@code _} with a digit) replaced by {@code ***}; a URL that does not parse is hidden entirely.
   */
  public static String mask(String url) {
    if (url == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return MASK;
    }
    if (uri.getScheme() == null || uri.getRawAuthority() == null) {
      return MASK;
    }
    StringBuilder out = new StringBuilder(url.length());
    out.append(uri.getScheme()).append("://");
    if (uri.getRawUserInfo() != null) {
      out.append(MASK).append('@');
    }
    String authority = uri.getRawAuthority();
    int at = authority.lastIndexOf('@');
    out.append(at < 0 ? authority : authority.substring(at + 1));
    String path = uri.getRawPath();
    if (path != null) {
      out.append(maskPath(path));
    }
    if (uri.getRawQuery() != null) {
      out.append('?').append(maskQuery(uri.getRawQuery()));
    }
    if (uri.getRawFragment() != null) {
      out.append('#').append(MASK);
    }
    return out.toString();
  }

  /**
   * The endpoint {@code url} connects to, as {@code host:port} with the scheme's default port
   * filled in (80 for http and ws, 443 for https and wss); IPv6 hosts keep their brackets.
   *
   * @throws IllegalArgumentException if {@code url} has no host or an unknown scheme without a
   *     port; the message never contains the URL
   */
  public static String endpoint(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("not a URL");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("URL without a host");
    }
    int port = uri.getPort();
    if (port < 0) {
      port = defaultPort(uri.getScheme());
    }
    return host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  private static int defaultPort(String scheme) {
    String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    return switch (s) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      default -> throw new IllegalArgumentException("URL without a port and unknown scheme");
    };
  }

  private static String maskPath(String path) {
    String[] segments = path.split("/", -1);
    StringBuilder out = new StringBuilder(path.length());
    boolean afterVersion = false;
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (i > 0) {
        out.append('/');
      }
      boolean hide = !segment.isEmpty() && (afterVersion || KEY_LIKE.matcher(segment).matches());
      out.append(hide ? MASK : segment);
      // Infura, Alchemy and friends put the key right after their API version.
      afterVersion = segment.equalsIgnoreCase("v2") || segment.equalsIgnoreCase("v3");
    }
    return out.toString();
  }

  private static String maskQuery(String query) {
    String[] pairs = query.split("&", -1);
    StringBuilder out = new StringBuilder(query.length());
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      // A bare token (?KEY) is a value too.
      if (!pair.isEmpty()) {
        out.append(eq < 0 ? MASK : pair.substring(0, eq + 1) + MASK);
      }
    }
    return out.toString();
  }
}
