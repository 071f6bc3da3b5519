package dev.eventstreamer.chainconfig.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How an RPC URL may be shown: never with its credentials (user info, query values, API-key path
 * segments), and as {@code host:port} where an endpoint is named (circuit breakers, metrics).
 */
public final class EndpointUrls {

  // Providers put API keys in the path (/v3/<key>, /v2/<key>): long opaque segments are masked.
  private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z0-9_\\-]{20,}");
  private static final String MASK = "***";

  private EndpointUrls() {}

  /** The URL with user info, query values and key-like path segments replaced by {@code ***}. */
  public static String mask(String url) {
    URI uri = parse(url);
    if (uri == null || uri.getHost() == null) {
      return MASK;
    }
    StringBuilder out = new StringBuilder();
    out.append(uri.getScheme()).append("://");
    if (uri.getRawUserInfo() != null) {
      out.append(MASK).append('@');
    }
    // URI keeps an IPv6 literal in its brackets.
    out.append(uri.getHost());
    if (uri.getPort() >= 0) {
      out.append(':').append(uri.getPort());
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty()) {
      String[] segments = path.split("/", -1);
      for (int i = 0; i < segments.length; i++) {
        if (KEY_LIKE.matcher(segments[i]).matches()) {
          segments[i] = MASK;
        }
      }
      out.append(String.join("/", segments));
    }
    if (uri.getRawQuery() != null) {
      out.append('?').append(MASK);
    }
    return out.toString();
  }

  /** {@code host:port} of the URL, the scheme's default port filled in. */
  public static String endpoint(String url) {
    URI uri = parse(url);
    if (uri == null || uri.getHost() == null) {
      throw new IllegalArgumentException("not an absolute http(s) URL");
    }
    int port = uri.getPort();
    if (port < 0) {
      port = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }
    return uri.getHost() + ":" + port;
  }

  private static URI parse(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null) {
        return null;
      }
      String s = scheme.toLowerCase(Locale.ROOT);
      return "http".equals(s) || "https".equals(s) ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
