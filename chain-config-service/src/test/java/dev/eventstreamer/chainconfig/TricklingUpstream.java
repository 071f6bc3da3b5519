package dev.eventstreamer.chainconfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that answers every request with headers and then one byte of a chunked body every 200
 * ms, forever: its connections never go idle, so only a client that gives up and resets the request
 * frees them. Counts the requests it got and the connections the client closed.
 */
public final class TricklingUpstream implements AutoCloseable {

  private static final byte[] HEAD =
      ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHUNK = "1\r\n \r\n".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();

  public TricklingUpstream() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/rpc";
  }

  public int requests() {
    return requests.get();
  }

  public int closed() {
    return closed.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        threads.execute(() -> trickle(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void trickle(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      if (in.read() < 0) {
        return; // connected, never asked
      }
      requests.incrementAndGet();
      OutputStream out = socket.getOutputStream();
      out.write(HEAD);
      while (!server.isClosed()) {
        out.write(CHUNK);
        out.flush();
        Thread.sleep(200);
      }
    } catch (IOException e) {
      // The client reset or closed the connection.
      closed.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
