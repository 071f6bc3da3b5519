package dev.eventstreamer.infra.testing;

import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;

/** A WebSocket listener that puts each whole text message (its parts joined) on a queue. */
public final class TextMessages implements WebSocket.Listener {

  private final BlockingQueue<String> received;
  private final StringBuilder partial = new StringBuilder();

  public TextMessages(BlockingQueue<String> received) {
    this.received = received;
  }

  @Override
  public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      received.add(partial.toString());
      partial.setLength(0);
    }
    socket.request(1);
    return null;
  }
}
