package dev.eventstreamer.rules.testing;

import dev.eventstreamer.infra.JvmShared;
import dev.eventstreamer.infra.postgres.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of the shared PostgreSQL that a test can cut (every connection dropped, new
 * ones refused) and restore: the database going away under a running service, as a network failure
 * or a restart does.
 */
public final class DatabaseProxy {

  private static DatabaseProxy instance;

  private final ServerSocket server;
  private final String host;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean cut;

  private DatabaseProxy(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "database-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  /** The JVM's proxy (the system class loader's copy: see {@link JvmShared}). */
  public static synchronized Object shared() {
    Optional<Object> system = JvmShared.fromSystemLoader(DatabaseProxy.class);
    if (system.isPresent()) {
      return system.get();
    }
    if (instance == null) {
      PostgresServer postgres = PostgresServer.shared();
      try {
        instance = new DatabaseProxy(postgres.host(), postgres.port());
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the database proxy", e);
      }
    }
    return instance;
  }

  public static int listenPort() {
    return JvmShared.call(shared(), "port", Integer.class);
  }

  /** Drops every connection and refuses new ones. */
  public static void cutAll() {
    JvmShared.call(shared(), "cut", Void.class);
  }

  public static void restoreAll() {
    JvmShared.call(shared(), "restore", Void.class);
  }

  public Integer port() {
    return server.getLocalPort();
  }

  public Void cut() {
    cut = true;
    for (Socket socket : open) {
      close(socket);
    }
    open.clear();
    return null;
  }

  public Void restore() {
    cut = false;
    return null;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          close(client);
          continue;
        }
        Socket upstream = new Socket(host, port);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // The next connection is tried; a test sees the failure as its client does.
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // The connection was cut or closed.
              } finally {
                close(from);
                close(to);
              }
            },
            "database-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }
}
