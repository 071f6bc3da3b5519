package dev.eventstreamer.infra.postgres;

import dev.eventstreamer.infra.JvmShared;
import dev.eventstreamer.infra.OrphanWatchdog;
import dev.eventstreamer.infra.Ports;
import dev.eventstreamer.infra.QuietLogging;
import dev.eventstreamer.infra.Settings;
import dev.eventstreamer.infra.TempDirs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/** PostgreSQL: the one already listening (127.0.0.1:5432 by default), else an embedded one. */
public final class PostgresServer implements AutoCloseable {

  /** The database of each service; services never share one. */
  public static final List<String> SERVICE_DATABASES =
      List.of("chain_config", "subscriptions", "stream", "rules");

  private static final Logger LOG = Logger.getLogger(PostgresServer.class.getName());
  // Unquoted-identifier shape, so names can be put into DDL without escaping.
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Driver DRIVER = new org.postgresql.Driver();
  private static final String OBJECT_IN_USE = "55006";
  private static final String DUPLICATE_DATABASE = "42P04";

  private static PostgresServer shared;

  private final String host;
  private final int port;
  private final String username;
  private final String password;
  private final boolean embedded;
  private final EmbeddedPostgres embeddedPostgres;
  private final Path dataDir;
  private final boolean ownedByJvm;

  private PostgresServer(
      String host,
      int port,
      String username,
      String password,
      boolean embedded,
      EmbeddedPostgres embeddedPostgres,
      Path dataDir,
      boolean ownedByJvm) {
    this.host = host;
    this.port = port;
    this.username = username;
    this.password = password;
    this.embedded = embedded;
    this.embeddedPostgres = embeddedPostgres;
    this.dataDir = dataDir;
    this.ownedByJvm = ownedByJvm;
  }

  /**
   * The PostgreSQL at {@code eventstreamer.postgres.host}/{@code .port} (or the
   * EVENTSTREAMER_POSTGRES_* variables, default 127.0.0.1:5432) when a connection succeeds, else a
   * new embedded one; {@code eventstreamer.postgres.embedded=true} always starts an embedded one.
   */
  public static PostgresServer start() {
    if (Settings.getBoolean("eventstreamer.postgres.embedded", "EVENTSTREAMER_POSTGRES_EMBEDDED")) {
      return startEmbedded();
    }
    String host =
        Settings.get("eventstreamer.postgres.host", "EVENTSTREAMER_POSTGRES_HOST", "127.0.0.1");
    int port = Settings.getInt("eventstreamer.postgres.port", "EVENTSTREAMER_POSTGRES_PORT", 5432);
    String user =
        Settings.get("eventstreamer.postgres.user", "EVENTSTREAMER_POSTGRES_USER", "postgres");
    String password =
        Settings.get(
            "eventstreamer.postgres.password", "EVENTSTREAMER_POSTGRES_PASSWORD", "postgres");
    PostgresServer attached =
        new PostgresServer(host, port, user, password, false, null, null, false);
    if (attached.accepts()) {
      return attached;
    }
    return startEmbedded();
  }

  /**
   * The PostgreSQL listening at {@code host:port}, used as it is: for a harness that runs its own
   * server (to stop and start it) and needs the databases and settings this class gives.
   */
  public static PostgresServer at(String host, int port, String username, String password) {
    return new PostgresServer(host, port, username, password, false, null, null, false);
  }

  /** A new embedded PostgreSQL (zonky binaries) on a free port with its data in a temp dir. */
  public static PostgresServer startEmbedded() {
    QuietLogging.warnOnly("io.zonky.test.db.postgres");
    Path dataDir = TempDirs.create("eventstreamer-postgres-");
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setPort(Ports.freePort())
              .setDataDirectory(dataDir.resolve("data"))
              .setCleanDataDirectory(true)
              // Durability is worthless for throw-away test data and costs seconds per test run.
              .setServerConfig("fsync", "off")
              .setServerConfig("full_page_writes", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("max_connections", "300")
              .setPGStartupWait(Duration.ofSeconds(60))
              // close() and our own shutdown hook stop it; zonky's hook would race ours and let
              // the data directory be deleted under a running server.
              .setRegisterShutdownHook(false)
              .start();
      watchPostmaster(dataDir);
      return new PostgresServer(
          "127.0.0.1", postgres.getPort(), "postgres", "postgres", true, postgres, dataDir, false);
    } catch (IOException | RuntimeException e) {
      TempDirs.deleteQuietly(dataDir);
      throw new IllegalStateException("Cannot start an embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static void watchPostmaster(Path root) {
    // The postmaster's pid is the first line of postmaster.pid; SIGINT is a fast shutdown.
    try (var lines = Files.lines(root.resolve("data").resolve("postmaster.pid"))) {
      long pid = Long.parseLong(lines.findFirst().orElse("").trim());
      OrphanWatchdog.watch(pid, "INT", root);
    } catch (IOException | NumberFormatException e) {
      LOG.log(Level.WARNING, "No watchdog for the embedded PostgreSQL in " + root, e);
    }
  }

  /**
   * One server for the whole JVM, started on first use and stopped by a shutdown hook; its {@link
   * #close()} does nothing so that no single user can stop it for the others.
   */
  public static PostgresServer shared() {
    return JvmShared.fromSystemLoader(PostgresServer.class)
        .map(PostgresServer::viewOf)
        .orElseGet(PostgresServer::sharedHere);
  }

  private static synchronized PostgresServer sharedHere() {
    if (shared == null) {
      PostgresServer started = start();
      shared =
          new PostgresServer(
              started.host,
              started.port,
              started.username,
              started.password,
              started.embedded,
              started.embeddedPostgres,
              started.dataDir,
              true);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(started::close, "eventstreamer-postgres-shutdown"));
    }
    return shared;
  }

  private static PostgresServer viewOf(Object other) {
    return new PostgresServer(
        JvmShared.call(other, "host", String.class),
        JvmShared.call(other, "port", Integer.class),
        JvmShared.call(other, "username", String.class),
        JvmShared.call(other, "password", String.class),
        JvmShared.call(other, "embedded", Boolean.class),
        null,
        null,
        true);
  }

  /** Whether the server is an embedded one started by this JVM rather than one found listening. */
  public boolean embedded() {
    return embedded;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** {@code jdbc:postgresql://host:port/database}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** {@code postgresql://host:port/database}, the form quarkus.datasource.reactive.url takes. */
  public String reactiveUrl(String database) {
    return "postgresql://" + host + ":" + port + "/" + database;
  }

  /**
   * The environment that points a service JVM at {@code database}: its reactive and JDBC URLs, user
   * and password ({@code QUARKUS_DATASOURCE_...}).
   */
  public Map<String, String> datasourceEnv(String database) {
    return Map.of(
        "QUARKUS_DATASOURCE_REACTIVE_URL", reactiveUrl(database),
        "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(database),
        "QUARKUS_DATASOURCE_USERNAME", username(),
        "QUARKUS_DATASOURCE_PASSWORD", password());
  }

  /** A new JDBC connection to {@code database}; the caller closes it. */
  public Connection connect(String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", username);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "5");
    // Not DriverManager: it refuses a driver registered from another class loader, which is what
    // the driver is for this class whenever Quarkus loaded it.
    return DRIVER.connect(jdbcUrl(database), properties);
  }

  /** Creates {@code name} unless it exists. */
  public void createDatabase(String name) {
    String database = checkName(name);
    try (Connection connection = connect("postgres")) {
      if (exists(connection, database)) {
        return;
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + database);
      } catch (SQLException e) {
        // Another JVM or thread may have created it between the check and here.
        if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
          throw e;
        }
      }
    } catch (SQLException e) {
      throw failure("create database " + database, e);
    }
  }

  /**
   * Creates and returns a database named {@code prefix_<10 random lowercase letters/digits>}; a
   * prefix that is not a plain identifier is lowercased, other characters become {@code _}.
   */
  public String createFreshDatabase(String prefix) {
    String safePrefix = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (safePrefix.isEmpty() || Character.isDigit(safePrefix.charAt(0))) {
      safePrefix = "db_" + safePrefix;
    }
    StringBuilder name =
        new StringBuilder(safePrefix.substring(0, Math.min(safePrefix.length(), 50))).append('_');
    for (int i = 0; i < 10; i++) {
      name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    String database = checkName(name.toString());
    createDatabase(database);
    return database;
  }

  /** Drops {@code name} if it exists, first ending the sessions connected to it. */
  public void dropDatabase(String name) {
    drop(name, null);
  }

  /** {@link #dropDatabase} the way servers before PostgreSQL 13 (no {@code WITH (FORCE)}) need. */
  void dropDatabaseWithoutForce(String name) {
    drop(name, false);
  }

  private void drop(String name, Boolean useForce) {
    String database = checkName(name);
    try (Connection connection = connect("postgres")) {
      boolean force = useForce != null ? useForce : serverVersion(connection) >= 130000;
      for (int attempt = 1; ; attempt++) {
        if (!exists(connection, database)) {
          return;
        }
        terminateSessions(connection, database);
        try (Statement statement = connection.createStatement()) {
          statement.execute("DROP DATABASE IF EXISTS " + database + (force ? " WITH (FORCE)" : ""));
          return;
        } catch (SQLException e) {
          // A pool can reconnect between terminate and drop; end its sessions and try again.
          if (!OBJECT_IN_USE.equals(e.getSQLState()) || attempt >= 10) {
            throw e;
          }
          sleep(200);
        }
      }
    } catch (SQLException e) {
      throw failure("drop database " + database, e);
    }
  }

  /** Creates the databases of all services ({@link #SERVICE_DATABASES}) that do not exist yet. */
  public void createServiceDatabases() {
    SERVICE_DATABASES.forEach(this::createDatabase);
  }

  /** Stops the embedded server and removes its data; nothing for an attached or shared one. */
  @Override
  public void close() {
    if (ownedByJvm || embeddedPostgres == null) {
      return;
    }
    try {
      embeddedPostgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stop the embedded PostgreSQL on port " + port, e);
    } finally {
      TempDirs.deleteQuietly(dataDir);
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL " + host + ":" + port + (embedded ? " (embedded)" : "");
  }

  private boolean accepts() {
    if (!Ports.isListening(host, port, 1000)) {
      return false;
    }
    try (Connection connection = connect("postgres")) {
      return connection.isValid(5);
    } catch (SQLException e) {
      LOG.log(
          Level.WARNING,
          "PostgreSQL at {0}:{1} refused {2} ({3}); starting an embedded one instead",
          new Object[] {host, String.valueOf(port), username, e.getMessage()});
      return false;
    }
  }

  private static boolean exists(Connection connection, String database) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      query.setString(1, database);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static void terminateSessions(Connection connection, String database)
      throws SQLException {
    try (PreparedStatement terminate =
        connection.prepareStatement(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
      terminate.setString(1, database);
      terminate.executeQuery().close();
    }
  }

  private static int serverVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW server_version_num")) {
      rows.next();
      return Integer.parseInt(rows.getString(1));
    }
  }

  private static String checkName(String name) {
    if (name == null || !DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Not a valid database name (lowercase letters, digits, _; at most 63): " + name);
    }
    return name;
  }

  private IllegalStateException failure(String action, SQLException e) {
    return new IllegalStateException(
        "Cannot " + action + " on PostgreSQL " + host + ":" + port + ": " + e.getMessage(), e);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
