package io.ratify.api.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a byte limit: the one bounded body reader of the modules that
 * speak HTTP. Past the limit it either fails with {@link TooLarge} ({@link #strict}) or keeps what
 * it has ({@link #lenient}, for error bodies); in both cases it cancels the subscription, which
 * closes the connection, so an oversized or endless body is never read to its end. {@link
 * #refusing} fails at once, for answers refused on their headers alone.
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  /** The body exceeded the limit. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    /**
     * A body over {@code limit} bytes.
     *
     * @param limit the bytes allowed
     */
    public TooLarge(long limit) {
      super("body is larger than " + limit + " bytes");
      this.limit = limit;
    }

    /**
     * The bytes that were allowed.
     *
     * @return the limit that was exceeded
     */
    public long limit() {
      return limit;
    }
  }

  private static final int MAX_INITIAL_BUFFER = 1 << 20;

  private final long limit;
  private final boolean strict;
  private final ByteArrayOutputStream out;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  /**
   * Fails with {@link TooLarge} once more than {@code limit} bytes arrive.
   *
   * @param limit the bytes allowed
   * @param expectedLength the announced length (0 when unknown), only to size the buffer
   * @return a subscriber for one response
   */
  public static BoundedBody strict(long limit, long expectedLength) {
    return new BoundedBody(limit, true, expectedLength);
  }

  /**
   * Keeps the first {@code limit} bytes and stops reading.
   *
   * @param limit the bytes kept
   * @param expectedLength the announced length (0 when unknown), only to size the buffer
   * @return a subscriber for one response
   */
  public static BoundedBody lenient(long limit, long expectedLength) {
    return new BoundedBody(limit, false, expectedLength);
  }

  private BoundedBody(long limit, boolean strict, long expectedLength) {
    this.limit = limit;
    this.strict = strict;
    this.out =
        new ByteArrayOutputStream(
            (int)
                Math.max(
                    32,
                    Math.min(MAX_INITIAL_BUFFER, Math.min(limit, Math.max(0, expectedLength)))));
  }

  /**
   * A subscriber that refuses the body at once with {@link TooLarge}: its declared length is
   * already beyond the limit.
   *
   * @param limit the bytes allowed
   * @return a subscriber that reads nothing
   */
  public static HttpResponse.BodySubscriber<byte[]> refusing(long limit) {
    return refusing(new TooLarge(limit));
  }

  /**
   * A subscriber that reads nothing and fails with {@code failure}: the answer was refused on its
   * status or headers.
   *
   * @param failure what the response future fails with
   * @return a subscriber that reads nothing
   */
  public static HttpResponse.BodySubscriber<byte[]> refusing(Throwable failure) {
    return new HttpResponse.BodySubscriber<>() {
      private final CompletableFuture<byte[]> failed = CompletableFuture.failedFuture(failure);

      @Override
      public CompletionStage<byte[]> getBody() {
        return failed;
      }

      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.cancel();
      }

      @Override
      public void onNext(List<ByteBuffer> item) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onComplete() {}
    };
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : buffers) {
      long room = limit - out.size();
      if (b.remaining() > room) {
        if (strict) {
          result.completeExceptionally(new TooLarge(limit));
        } else {
          byte[] part = new byte[(int) room];
          b.get(part);
          out.write(part, 0, part.length);
          result.complete(out.toByteArray());
        }
        subscription.cancel();
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      out.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(out.toByteArray());
  }
}
