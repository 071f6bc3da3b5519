package dev.eventstreamer.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** TCP port helpers for servers bound to the loopback interface. */
public final class Ports {

  /** The loopback address every launcher binds to and advertises. */
  public static final String LOOPBACK = "127.0.0.1";

  private Ports() {}

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free TCP port on " + LOOPBACK, e);
    }
  }

  /** Whether nothing listens on {@code port} and it can be bound on 127.0.0.1. */
  public static boolean isFree(int port) {
    if (isListening(LOOPBACK, port, 200)) {
      return false;
    }
    try (ServerSocket socket = new ServerSocket()) {
      // As the servers themselves bind (the JDK, Netty and Node set SO_REUSEADDR): connections
      // of an earlier run lingering in TIME_WAIT do not make the port taken.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether a TCP connection to {@code host:port} succeeds within {@code timeoutMillis}. */
  public static boolean isListening(String host, int port, int timeoutMillis) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Fails with a message naming the port when it is taken. */
  public static void requireFree(int port, String what) {
    if (!isFree(port)) {
      throw new IllegalStateException(
          what + " cannot start: port " + port + " on " + LOOPBACK + " is already in use");
    }
  }
}
