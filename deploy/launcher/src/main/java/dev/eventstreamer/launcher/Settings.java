package dev.eventstreamer.launcher;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The configuration that wires a service to the suite's infrastructure, as Quarkus properties, and
 * the same as environment variables and {@code -D} flags for a developer's shell.
 */
final class Settings {

  /** The shared PostgreSQL server and how to address one service's database on it. */
  record Database(
      String username,
      String password,
      Function<String, String> reactiveUrl,
      Function<String, String> jdbcUrl) {}

  /**
   * The suite's API keys, when they are on: one admin key that every service takes (it manages
   * subscribers' keys, acts for every subscriber, changes chains), and the service key that
   * stream-service sends to chain-config-service's JSON-RPC gateway.
   */
  record Keys(String admin, String service) {

    private static final SecureRandom RANDOM = new SecureRandom();

    Keys {
      if (admin == null || admin.isBlank() || service == null || service.isBlank()) {
        throw new IllegalArgumentException("both keys are needed");
      }
      if (admin.equals(service)) {
        // The service key would then change chains: the point of a second key is that it cannot.
        throw new IllegalArgumentException("the service key must differ from the admin key");
      }
    }

    /** {@code admin} (null: a new one) and a new service key, 256 random bits each. */
    static Keys withAdmin(String admin) {
      return new Keys(admin == null ? generate("esk_admin_") : admin, generate("esk_service_"));
    }

    private static String generate(String prefix) {
      byte[] secret = new byte[32];
      RANDOM.nextBytes(secret);
      return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    @Override
    public String toString() {
      // Never in a log line by accident.
      return "Keys[...]";
    }
  }

  static final String TRANSPORT = "eventstreamer.messaging.transport";
  static final String RPC_URL = "eventstreamer.devchain.rpc-url";

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:@=,+-]*");

  private final Database database;
  private final Map<String, String> messaging;
  private final String devChainRpcUrl;
  private final Keys keys;

  private Settings(
      Database database, Map<String, String> messaging, String devChainRpcUrl, Keys keys) {
    this.database = database;
    this.messaging = messaging;
    this.devChainRpcUrl = devChainRpcUrl;
    this.keys = keys;
  }

  static Settings kafka(Database database, String bootstrapServers, String devChainRpcUrl) {
    Map<String, String> messaging = new LinkedHashMap<>();
    messaging.put(TRANSPORT, "kafka");
    messaging.put("kafka.bootstrap.servers", bootstrapServers);
    return new Settings(database, messaging, devChainRpcUrl, null);
  }

  static Settings amqp(
      Database database,
      String host,
      int port,
      String username,
      String password,
      String devChainRpcUrl) {
    Map<String, String> messaging = new LinkedHashMap<>();
    messaging.put(TRANSPORT, "amqp");
    messaging.put("amqp-host", host);
    messaging.put("amqp-port", Integer.toString(port));
    messaging.put("amqp-username", username);
    messaging.put("amqp-password", password);
    return new Settings(database, messaging, devChainRpcUrl, null);
  }

  /** The same settings with API keys on in every service that has them. */
  Settings withKeys(Keys keys) {
    return new Settings(database, messaging, devChainRpcUrl, keys);
  }

  /** The API keys, when they are on. */
  Optional<Keys> keys() {
    return Optional.ofNullable(keys);
  }

  /** What every service gets: database credentials, the broker, the dev chain. */
  Map<String, String> shared() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("quarkus.datasource.username", database.username());
    p.put("quarkus.datasource.password", database.password());
    p.putAll(messaging);
    if (devChainRpcUrl != null) {
      p.put(RPC_URL, devChainRpcUrl);
    }
    return p;
  }

  /** What differs per service: its own database, and its side of the API keys when they are on. */
  Map<String, String> own(Service service) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("quarkus.datasource.reactive.url", database.reactiveUrl().apply(service.database()));
    p.put("quarkus.datasource.jdbc.url", database.jdbcUrl().apply(service.database()));
    if (keys != null) {
      p.putAll(keys(service));
    }
    return p;
  }

  /** Each service's API key settings: the same admin key everywhere. */
  private Map<String, String> keys(Service service) {
    Map<String, String> p = new LinkedHashMap<>();
    switch (service) {
      case SUBSCRIPTION -> {
        p.put("subscription.auth.enabled", "true");
        p.put("subscription.auth.admin-key", keys.admin());
      }
      case STREAM -> {
        p.put("stream.auth.enabled", "true");
        // Its listing of every subscriber's subscriptions at start takes the admin key.
        p.put("stream.subscription-service.api-key", keys.admin());
        p.put("stream.chain-config.api-key", keys.service());
      }
      case CHAIN_CONFIG -> {
        p.put("chain-config.auth.enabled", "true");
        p.put("chain-config.auth.admin-key", keys.admin());
        p.put("chain-config.auth.service-keys", keys.service());
      }
      case RULE_ENGINE -> {
        // No API of its own yet, so no keys.
      }
    }
    return p;
  }

  /** Everything a service process started by the launcher needs, as environment variables. */
  Map<String, String> environment(Service service) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("quarkus.http.port", Integer.toString(service.port()));
    // The gateway is the front door; without --api-keys the services' admin APIs are open.
    p.put("quarkus.http.host", "127.0.0.1");
    p.putAll(own(service));
    p.putAll(shared());
    Map<String, String> env = new LinkedHashMap<>();
    p.forEach((k, v) -> env.put(envName(k), v));
    return env;
  }

  /** Quarkus' mapping of a property name to an environment variable. */
  static String envName(String property) {
    return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** {@code export NAME=value ...} for a shell. */
  static String exportLine(Map<String, String> properties) {
    List<String> parts = new ArrayList<>();
    properties.forEach((k, v) -> parts.add(envName(k) + "=" + quote(v)));
    return "export " + String.join(" ", parts);
  }

  /** {@code -Dname=value ...} for Maven. */
  static String systemProperties(Map<String, String> properties) {
    List<String> parts = new ArrayList<>();
    properties.forEach((k, v) -> parts.add("-D" + k + "=" + quote(v)));
    return String.join(" ", parts);
  }

  /** The lines a developer pastes to run one service with quarkus:dev against this suite. */
  List<String> developerInstructions(List<Service> services) {
    List<String> lines = new ArrayList<>();
    lines.add("  in a shell:");
    lines.add("    " + exportLine(shared()));
    for (Service service : services) {
      lines.add(
          "    " + exportLine(own(service)) + " && ./mvnw -pl " + service + " -am quarkus:dev");
    }
    lines.add("  or as -D flags:");
    for (Service service : services) {
      Map<String, String> all = new LinkedHashMap<>(own(service));
      all.putAll(shared());
      lines.add("    ./mvnw -pl " + service + " -am quarkus:dev " + systemProperties(all));
    }
    return lines;
  }

  private static String quote(String value) {
    return SHELL_SAFE.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
  }
}
