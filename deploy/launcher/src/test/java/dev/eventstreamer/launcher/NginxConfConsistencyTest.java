package dev.eventstreamer.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** deploy/nginx/nginx.conf, shipped for containers, routes exactly like the launcher's gateway. */
class NginxConfConsistencyTest {

  /** One {@code location} block: modifier ("=", "~", "" ...), argument, and its directives. */
  record Location(String modifier, String argument, String body) {
    Optional<String> upstream() {
      Matcher m = Pattern.compile("proxy_pass\\s+http://([A-Za-z0-9_.-]+)\\s*;").matcher(body);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
  }

  private static final Pattern LOCATION =
      Pattern.compile("(?m)^\\s*location\\s+(?:(=|~\\*|~|\\^~)\\s+)?(\\S+)\\s*\\{");
  private static final Pattern UPSTREAM =
      Pattern.compile("upstream\\s+([A-Za-z0-9_.-]+)\\s*\\{\\s*server\\s+([A-Za-z0-9_.-]+):(\\d+)");

  private static String conf;
  private static List<Location> locations;

  @BeforeAll
  static void parse() throws IOException {
    // Surefire runs in the module directory, deploy/launcher.
    Path file = Path.of("..", "nginx", "nginx.conf");
    conf = Files.readString(file).replaceAll("(?m)#.*$", "");
    locations = new ArrayList<>();
    Matcher m = LOCATION.matcher(conf);
    while (m.find()) {
      String body = conf.substring(m.end(), blockEnd(conf, m.end()));
      locations.add(new Location(m.group(1) == null ? "" : m.group(1), m.group(2), body));
    }
  }

  /** Index of the brace closing the block that starts at {@code from}, skipping quoted text. */
  private static int blockEnd(String text, int from) {
    int depth = 1;
    char quote = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalStateException("unclosed block at " + from);
  }

  private static List<Location> regexLocations() {
    return locations.stream().filter(l -> l.modifier().equals("~")).toList();
  }

  @Test
  void hasTheRouteTablesRegexLocationsInTheSameOrderWithTheSameServices() {
    List<String> expected =
        RouteTable.standard().routes().stream()
            .map(r -> r.regex() + " -> " + r.service().moduleName())
            .toList();
    List<String> actual =
        regexLocations().stream()
            .map(l -> l.argument() + " -> " + l.upstream().orElse("(none)"))
            .toList();
    assertEquals(expected, actual);
  }

  @Test
  void streamsWithoutBufferingAndWithLongTimeouts() {
    List<Location> regexes = regexLocations();
    List<RouteTable.Route> routes = RouteTable.standard().routes();
    for (int i = 0; i < routes.size(); i++) {
      if (routes.get(i).streaming()) {
        String body = regexes.get(i).body();
        assertTrue(
            body.matches("(?s).*proxy_buffering\\s+off;.*"), routes.get(i).regex() + " buffers");
        Matcher timeout = Pattern.compile("proxy_read_timeout\\s+(\\d+)h;").matcher(body);
        assertTrue(
            timeout.find() && Integer.parseInt(timeout.group(1)) >= 1,
            routes.get(i).regex() + " times out early");
      }
    }
  }

  @Test
  void sendsHealthToSubscriptionServiceAndEverythingElseTo404() {
    Location health = find("=", RouteTable.HEALTH_PATH);
    assertEquals(Optional.of(Service.SUBSCRIPTION.moduleName()), health.upstream());
    Location fallback = find("", "/");
    assertTrue(fallback.body().contains("return 404"), "location / should answer 404");
    assertTrue(
        fallback.body().contains("application/problem+json"), "the 404 should be problem+json");
  }

  @Test
  void hasOneUpstreamPerServiceOnItsPort() {
    Map<String, String> upstreams = new LinkedHashMap<>();
    Matcher m = UPSTREAM.matcher(conf);
    while (m.find()) {
      upstreams.put(m.group(1), m.group(2) + ":" + m.group(3));
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (Service service : Service.values()) {
      expected.put(service.moduleName(), service.moduleName() + ":" + service.port());
    }
    assertEquals(expected, upstreams);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/subscriptions",
        "/subscriptions/1",
        "/subscriptions/1/stream",
        "/subscriptions/1/stream/c/ack/batch",
        "/subscriptions/1/processing-status",
        "/subscriptions/1/last-processed-block",
        "/subscriptions/1/streams",
        "/api/keys",
        "/stream/c/heartbeat",
        "/api/chains/1",
        "/api/circuit-breakers/status",
        "/rpc/1",
        "/api/rules",
        "/health",
        "/nope",
        "/subscriptionsX",
        "/stream"
      })
  void resolvesEachPathToTheSameServiceAsTheGateway(String path) {
    Optional<String> gateway =
        RouteTable.HEALTH_PATH.equals(path)
            ? Optional.of(Service.SUBSCRIPTION.moduleName())
            : RouteTable.standard().match(path).map(r -> r.service().moduleName());
    assertEquals(gateway, nginxUpstreamFor(path), path);
  }

  /** nginx's choice: an exact location, else the first matching regex, else the longest prefix. */
  private static Optional<String> nginxUpstreamFor(String path) {
    for (Location l : locations) {
      if (l.modifier().equals("=") && l.argument().equals(path)) {
        return l.upstream();
      }
    }
    for (Location l : regexLocations()) {
      if (Pattern.compile(l.argument()).matcher(path).find()) {
        return l.upstream();
      }
    }
    return locations.stream()
        .filter(l -> l.modifier().isEmpty() && path.startsWith(l.argument()))
        .max((a, b) -> Integer.compare(a.argument().length(), b.argument().length()))
        .flatMap(Location::upstream);
  }

  private static Location find(String modifier, String argument) {
    return locations.stream()
        .filter(l -> l.modifier().equals(modifier) && l.argument().equals(argument))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no location " + modifier + " " + argument));
  }
}
