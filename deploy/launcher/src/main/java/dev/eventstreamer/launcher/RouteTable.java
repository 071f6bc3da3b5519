package dev.eventstreamer.launcher;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which service answers which path: the gateway's routing, and the table {@code
 * deploy/nginx/nginx.conf} must repeat location by location (a test holds them together). Routes
 * are tried in order and the first match wins, like nginx regex locations.
 */
public final class RouteTable {

  /**
   * One route: an nginx-compatible regular expression over the path (no query string), the service
   * behind it, and whether its responses are long-lived streams.
   */
  public record Route(String regex, Service service, boolean streaming) {}

  /** The gateway's own aggregated health endpoint; nginx sends it to subscription-service. */
  public static final String HEALTH_PATH = "/health";

  private static final RouteTable DEFAULT =
      new RouteTable(
          List.of(
              // A subscription's stream, acks, processing status, progress and log live in
              // stream-service; the rest of /subscriptions is subscription-service's.
              new Route("^/subscriptions/[^/]+/stream(/|$)", Service.STREAM, true),
              new Route("^/subscriptions/[^/]+/processing-status$", Service.STREAM, false),
              new Route("^/subscriptions/[^/]+/last-processed-block$", Service.STREAM, false),
              new Route("^/subscriptions/[^/]+/events$", Service.STREAM, false),
              new Route("^/subscriptions(/|$)", Service.SUBSCRIPTION, false),
              new Route("^/api/keys(/|$)", Service.SUBSCRIPTION, false),
              new Route("^/stream/", Service.STREAM, false),
              new Route("^/api/chains(/|$)", Service.CHAIN_CONFIG, false),
              new Route("^/api/circuit-breakers(/|$)", Service.CHAIN_CONFIG, false),
              new Route("^/rpc/", Service.CHAIN_CONFIG, false),
              new Route("^/api/rules(/|$)", Service.RULE_ENGINE, false),
              new Route("^/api/views(/|$)", Service.RULE_ENGINE, false),
              new Route("^/api/faults(/|$)", Service.RULE_ENGINE, false)));

  private final List<Route> routes;
  private final List<Pattern> patterns;

  private RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
    this.patterns = this.routes.stream().map(r -> Pattern.compile(r.regex())).toList();
  }

  /** The suite's routes. */
  public static RouteTable standard() {
    return DEFAULT;
  }

  /** The routes in the order they are tried. */
  public List<Route> routes() {
    return routes;
  }

  /** The first route whose expression matches the path (without query string), if any. */
  public Optional<Route> match(String path) {
    for (int i = 0; i < routes.size(); i++) {
      if (patterns.get(i).matcher(path).find()) {
        return Optional.of(routes.get(i));
      }
    }
    return Optional.empty();
  }
}
