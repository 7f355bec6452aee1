package io.ratify.api.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {
  /** Records what the subscriber asks of the connection. */
  private static final class Connection implements Flow.Subscription {
    long requested;
    boolean cancelled;

    @Override
    public void request(long n) {
      requested += n;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static Throwable failure(HttpResponse.BodySubscriber<byte[]> body) {
    CompletableFuture<byte[]> f = body.getBody().toCompletableFuture();
    assertTrue(f.isCompletedExceptionally());
    ExecutionException e = assertThrows(ExecutionException.class, f::get);
    return e.getCause();
  }

  /** Subscribes {@code body} and delivers "hello " and "you!" in one call. */
  private static Connection helloYou(BoundedBody body) {
    Connection c = new Connection();
    body.onSubscribe(c);
    body.onNext(List.of(bytes("hello "), bytes("you!")));
    return c;
  }

  private static String text(BoundedBody body) throws Exception {
    return new String(body.getBody().toCompletableFuture().get(), StandardCharsets.US_ASCII);
  }

  @Test
  void aBodyWithinTheLimitIsReadWhole() throws Exception {
    BoundedBody body = BoundedBody.strict(10, 0);
    Connection c = helloYou(body);
    body.onComplete();
    assertEquals("hello you!", text(body));
    assertFalse(c.cancelled);
  }

  @Test
  void strictFailsOneByteOverTheLimitAndStopsReading() {
    BoundedBody body = BoundedBody.strict(9, 11);
    Connection c = helloYou(body);
    // what arrives after the failure is ignored
    body.onNext(List.of(bytes("more")));
    body.onComplete();
    assertTrue(c.cancelled, "the connection is closed, not drained");
    BoundedBody.TooLarge e = assertInstanceOf(BoundedBody.TooLarge.class, failure(body));
    assertEquals(9, e.limit());
  }

  @Test
  void lenientKeepsThePrefixAndStopsReading() throws Exception {
    BoundedBody body = BoundedBody.lenient(8, 0);
    Connection c = helloYou(body);
    assertTrue(c.cancelled);
    assertEquals("hello yo", text(body));
  }

  @Test
  void refusingReadsNothingAndFailsWithWhatItWasGiven() {
    IllegalStateException why = new IllegalStateException("HTTP status 500");
    HttpResponse.BodySubscriber<byte[]> body = BoundedBody.refusing(why);
    Connection c = new Connection();
    body.onSubscribe(c);
    assertTrue(c.cancelled);
    assertEquals(0, c.requested);
    assertSame(why, failure(body));
    assertEquals(
        5, assertInstanceOf(BoundedBody.TooLarge.class, failure(BoundedBody.refusing(5))).limit());
  }

  @Test
  void aFailedConnectionFailsTheBody() {
    BoundedBody body = BoundedBody.strict(10, 0);
    body.onSubscribe(new Connection());
    IOException reset = new IOException("reset");
    body.onError(reset);
    assertSame(reset, failure(body));
  }
}
