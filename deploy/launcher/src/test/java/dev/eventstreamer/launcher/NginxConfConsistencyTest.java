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
import java.util.Properties;
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
        "/api/views/0xabc/balance",
        "/api/faults/resubmit",
        "/api/viewsX",
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

  @Test
  void holdsEachPathsBodyToTheLimitOfTheServiceBehindIt() throws IOException {
    long server = nginxSize(directive(serverLevel(), "client_max_body_size").orElse("1m"));
    List<Location> routed = new ArrayList<>(regexLocations());
    routed.add(find("=", RouteTable.HEALTH_PATH));
    for (Location l : routed) {
      long nginx =
          directive(l.body(), "client_max_body_size").map(n -> nginxSize(n)).orElse(server);
      String module = l.upstream().orElseThrow();
      Properties properties = serviceProperties(module);
      String limit =
          l.argument().equals("^/rpc/")
              ? properties.getProperty("chain-config.gateway.max-body-size")
              : properties.getProperty("quarkus.http.limits.max-body-size", "10240K");
      assertEquals(quarkusSize(limit), nginx, l.argument() + " -> " + module);
    }
  }

  @Test
  void answersATooLargeBodyWithAProblemAfterReadingItAsTheServicesDo() {
    assertTrue(
        serverLevel().matches("(?s).*error_page\\s+413\\s+=\\s+@too-large;.*"),
        "error_page 413 = @too-large");
    Location tooLarge = find("", "@too-large");
    assertTrue(tooLarge.body().contains("return 413"), tooLarge.body());
    assertTrue(tooLarge.body().contains("application/problem+json"), tooLarge.body());
    // nginx reads a refused body for up to lingering_time (30 s unless set); the services for up to
    // eventstreamer.http.refused-body.discard-timeout (60 s).
    Matcher lingering = Pattern.compile("lingering_time\\s+(\\d+)s;").matcher(serverLevel());
    assertTrue(lingering.find() && Integer.parseInt(lingering.group(1)) >= 60, "lingering_time");
  }

  /** The server block's own directives: its text without the location blocks. */
  private static String serverLevel() {
    int server = conf.indexOf("server {");
    String text = conf.substring(server, blockEnd(conf, server + "server {".length()));
    StringBuilder own = new StringBuilder();
    int from = 0;
    Matcher m = LOCATION.matcher(text);
    while (m.find(from)) {
      own.append(text, from, m.start());
      from = blockEnd(text, m.end()) + 1;
    }
    return own.append(text.substring(from)).toString();
  }

  private static Optional<String> directive(String block, String name) {
    Matcher m = Pattern.compile("(?m)^\\s*" + name + "\\s+(\\S+);").matcher(block);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static Properties serviceProperties(String module) throws IOException {
    Properties properties = new Properties();
    try (var in =
        Files.newBufferedReader(
            Path.of("..", "..", module, "src", "main", "resources", "application.properties"))) {
      properties.load(in);
    }
    return properties;
  }

  /** nginx sizes: bytes, or k and m of 1024. */
  private static long nginxSize(String size) {
    return scaled(size, "km");
  }

  /** MemorySize as Quarkus reads it: bytes, or K, M, G of 1024. */
  private static long quarkusSize(String size) {
    return scaled(size, "kmg");
  }

  private static long scaled(String size, String units) {
    String s = size.trim().toLowerCase(java.util.Locale.ROOT);
    int unit = units.indexOf(s.charAt(s.length() - 1));
    if (unit < 0) {
      return Long.parseLong(s);
    }
    return Long.parseLong(s.substring(0, s.length() - 1)) << (10 * (unit + 1));
  }

  private static Location find(String modifier, String argument) {
    return locations.stream()
        .filter(l -> l.modifier().equals(modifier) && l.argument().equals(argument))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no location " + modifier + " " + argument));
  }
}
