package dev.eventstreamer.infra.postgres;

/** Starts an embedded PostgreSQL, prints its port and waits: a JVM for tests to kill. */
public final class EmbeddedPostgresMain {

  private EmbeddedPostgresMain() {}

  public static void main(String[] args) throws InterruptedException {
    PostgresServer server = PostgresServer.startEmbedded();
    System.out.println("port=" + server.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
