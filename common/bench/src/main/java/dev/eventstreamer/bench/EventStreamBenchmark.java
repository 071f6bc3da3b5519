package dev.eventstreamer.bench;

import dev.eventstreamer.common.eventstream.EventStreamCodec;
import dev.eventstreamer.common.eventstream.EventStreamDecoder;
import dev.eventstreamer.common.eventstream.EventStreamException;
import dev.eventstreamer.common.eventstream.HeaderValue;
import dev.eventstreamer.common.eventstream.Message;
import dev.eventstreamer.common.eventstream.StandardHeaders;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.eventstream.MessageDecoder;

/**
 * Our event stream codec against AWS's (software.amazon.eventstream) on what stream-service sends:
 * a 1 KiB JSON payload with five headers. Encode builds the message and its frame, as a server does
 * per frame; decode turns a frame back into headers and payload.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventStreamBenchmark {

  private static final String BATCH_ID = "b-5f0c6f2e-1c4e-4d1b-9a57-3b1f0e7f4c2a";

  private byte[] payload;
  private byte[] frame;
  private EventStreamDecoder ourDecoder;
  private MessageDecoder awsDecoder;

  @Setup
  public void setUp() throws EventStreamException {
    payload = new byte[1024];
    Random random = new Random(1);
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (' ' + random.nextInt(95));
    }
    frame = EventStreamCodec.encode(ours(payload));
    ourDecoder = new EventStreamDecoder();
    awsDecoder = new MessageDecoder();
    // Same frame from both encoders, or the comparison would be meaningless.
    ByteBuffer theirs = aws(payload).toByteBuffer();
    if (!theirs.equals(ByteBuffer.wrap(frame))) {
      throw new IllegalStateException("the two encoders disagree on the benchmark message");
    }
  }

  private static Message ours(byte[] payload) throws EventStreamException {
    return Message.builder()
        .header(StandardHeaders.MESSAGE_TYPE, StandardHeaders.TYPE_EVENT)
        .header(StandardHeaders.EVENT_TYPE, "event_batch")
        .header(StandardHeaders.CONTENT_TYPE, "application/json")
        .header("subscription-id", HeaderValue.of(42L))
        .header("batch-id", BATCH_ID)
        .payload(payload)
        .build();
  }

  private static software.amazon.eventstream.Message aws(byte[] payload) {
    Map<String, software.amazon.eventstream.HeaderValue> headers = new LinkedHashMap<>();
    headers.put(
        StandardHeaders.MESSAGE_TYPE,
        software.amazon.eventstream.HeaderValue.fromString(StandardHeaders.TYPE_EVENT));
    headers.put(
        StandardHeaders.EVENT_TYPE,
        software.amazon.eventstream.HeaderValue.fromString("event_batch"));
    headers.put(
        StandardHeaders.CONTENT_TYPE,
        software.amazon.eventstream.HeaderValue.fromString("application/json"));
    headers.put("subscription-id", software.amazon.eventstream.HeaderValue.fromLong(42L));
    headers.put("batch-id", software.amazon.eventstream.HeaderValue.fromString(BATCH_ID));
    return new software.amazon.eventstream.Message(headers, payload);
  }

  @Benchmark
  public byte[] encodeOurs() throws EventStreamException {
    return EventStreamCodec.encode(ours(payload));
  }

  @Benchmark
  public ByteBuffer encodeAws() {
    return aws(payload).toByteBuffer();
  }

  @Benchmark
  public Message decodeOurs() throws EventStreamException {
    return EventStreamCodec.decode(frame);
  }

  @Benchmark
  public software.amazon.eventstream.Message decodeAws() {
    return software.amazon.eventstream.Message.decode(ByteBuffer.wrap(frame));
  }

  /** The streaming path: frames through the incremental decoder. */
  @Benchmark
  public void streamDecodeOurs(Blackhole bh) throws EventStreamException {
    ourDecoder.feed(frame, 0, frame.length, bh::consume);
  }

  /** The streaming path of AWS's library. */
  @Benchmark
  public List<software.amazon.eventstream.Message> streamDecodeAws() {
    awsDecoder.feed(frame);
    return awsDecoder.getDecodedMessages();
  }
}
