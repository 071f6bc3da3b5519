package dev.eventstreamer.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * The preflight check: every fixed port the suite will bind must be free before anything starts.
 */
final class PortClaims {

  /** A port and the component that will listen on it. */
  record Claim(String component, int port) {}

  private PortClaims() {}

  /** The claims whose port something else holds already. */
  static List<Claim> taken(List<Claim> claims) {
    return claims.stream().filter(c -> !free(c.port())).toList();
  }

  /**
   * Whether a wildcard bind succeeds, which fails too when another process listens on the port of
   * one address only (127.0.0.1 or ::1).
   */
  static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // Like the servers themselves: connections in TIME_WAIT do not count as taken.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
