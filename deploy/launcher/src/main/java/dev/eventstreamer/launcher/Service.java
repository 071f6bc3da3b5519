package dev.eventstreamer.launcher;

import java.nio.file.Path;

/** The four services the suite runs: module directory, HTTP port and database of each. */
public enum Service {
  SUBSCRIPTION("subscription-service", 8081, "subscriptions"),
  STREAM("stream-service", 8082, "stream"),
  CHAIN_CONFIG("chain-config-service", 8083, "chain_config"),
  RULE_ENGINE("rule-engine-service", 8084, "rules");

  private final String moduleName;
  private final int port;
  private final String database;

  Service(String moduleName, int port, String database) {
    this.moduleName = moduleName;
    this.port = port;
    this.database = database;
  }

  /**
   * The Maven module, which is also the service's name everywhere (logs, health, nginx upstream).
   */
  public String moduleName() {
    return moduleName;
  }

  public int port() {
    return port;
  }

  public String database() {
    return database;
  }

  /** The runnable jar {@code ./mvnw package} leaves in the module. */
  public Path runJar(Path repositoryRoot) {
    return repositoryRoot.resolve(moduleName).resolve("target/quarkus-app/quarkus-run.jar");
  }

  /** The service whose module (and nginx upstream) has this name. */
  public static Service byModuleName(String name) {
    for (Service service : values()) {
      if (service.moduleName.equals(name)) {
        return service;
      }
    }
    throw new IllegalArgumentException("no service named " + name);
  }

  @Override
  public String toString() {
    return moduleName;
  }
}
