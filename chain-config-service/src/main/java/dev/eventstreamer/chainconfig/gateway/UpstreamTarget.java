package dev.eventstreamer.chainconfig.gateway;

import dev.eventstreamer.chainconfig.service.EndpointUrls;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Where one RPC URL's requests go: prepared once per reload, so a call builds nothing. The URL with
 * its credentials stays in here; everything shown uses {@link #maskedUrl()}.
 */
final class UpstreamTarget {

  private final String url;
  private final String maskedUrl;
  private final RequestOptions options;
  private final long timeoutMillis;

  private UpstreamTarget(String url, RequestOptions options, long timeoutMillis) {
    this.url = url;
    this.maskedUrl = EndpointUrls.mask(url);
    this.options = options;
    this.timeoutMillis = timeoutMillis;
  }

  static UpstreamTarget of(String url, long timeoutMillis) {
    URI uri = URI.create(url);
    boolean ssl = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
    int port = uri.getPort() >= 0 ? uri.getPort() : ssl ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    // URI keeps an IPv6 literal in brackets; Vert.x wants the bare address.
    String host =
        uri.getHost().startsWith("[")
            ? uri.getHost().substring(1, uri.getHost().length() - 1)
            : uri.getHost();
    String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(host)
            .setPort(port)
            .setSsl(ssl)
            .setURI(requestUri)
            // The exchange's own deadline (timeoutMillis()) covers the whole call.
            .setConnectTimeout(timeoutMillis)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.ACCEPT, "application/json");
    if (uri.getRawUserInfo() != null) {
      String userInfo = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
      options.putHeader(
          HttpHeaders.AUTHORIZATION,
          "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }
    return new UpstreamTarget(url, options, timeoutMillis);
  }

  String url() {
    return url;
  }

  String maskedUrl() {
    return maskedUrl;
  }

  /** Longest wait for one call, connecting included. */
  long timeoutMillis() {
    return timeoutMillis;
  }

  /** Shared by every call: read, never changed. */
  RequestOptions options() {
    return options;
  }
}
