package io.ratify.notation.internal.timestamp;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * An RFC 3161 client over HTTP (RFC 3161 §3.4): POSTs a {@code application/timestamp-query} with a
 * random nonce and {@code certReq} set, and accepts only a granted {@code
 * application/timestamp-reply} whose token matches the request (imprint, nonce). Bounded: a timeout
 * covers connecting and the whole exchange, the reply is read up to {@link
 * TimestampTokens#MAX_TOKEN_BYTES} plus a margin, and redirects are not followed. Thread-safe.
 */
public final class TsaClient {
  /** Largest reply read. */
  public static final int MAX_REPLY_BYTES = TimestampTokens.MAX_TOKEN_BYTES + 4096;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<String, ASN1ObjectIdentifier> HASH_OIDS =
      Map.of(
          "SHA-256", NISTObjectIdentifiers.id_sha256,
          "SHA-384", NISTObjectIdentifiers.id_sha384,
          "SHA-512", NISTObjectIdentifiers.id_sha512);

  private final URI url;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param url the TSA endpoint ({@code http} or {@code https})
   * @param timeout the bound on the whole exchange
   */
  public TsaClient(URI url, Duration timeout) {
    this.url = Objects.requireNonNull(url, "url");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || url.getHost() == null) {
      throw new IllegalArgumentException("a TSA URL is an absolute http(s) URL: " + url);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the TSA timeout must be positive");
    }
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The TSA endpoint. */
  public URI url() {
    return url;
  }

  /**
   * Obtains a timestamp token over {@code data}.
   *
   * @param data the bytes to timestamp (the raw signature)
   * @param jcaHash {@code SHA-256}, {@code SHA-384} or {@code SHA-512}
   * @return the DER TimeStampToken
   * @throws RatifyException {@code TIMEOUT} when the TSA does not answer in time, {@code
   *     SIZE_LIMIT_EXCEEDED} for an oversized reply, {@code TIMESTAMP_FAILURE} for anything else
   */
  public byte[] timestamp(byte[] data, String jcaHash) throws RatifyException {
    ASN1ObjectIdentifier oid = HASH_OIDS.get(jcaHash);
    if (oid == null) {
      throw new IllegalArgumentException("unsupported hash " + jcaHash);
    }
    TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
    gen.setCertReq(true);
    TimeStampRequest req =
        gen.generate(oid, TimestampTokens.digest(jcaHash, data), new BigInteger(64, RANDOM));
    byte[] body;
    try {
      body = req.getEncoded();
    } catch (IOException e) {
      throw failure("the timestamp request could not be encoded", e);
    }
    HttpRequest httpRequest =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/timestamp-query")
            .header("Accept", "application/timestamp-reply")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<InputStream> response;
    byte[] reply;
    long end = System.nanoTime() + timeout.toNanos();
    try {
      // The request timeout bounds the wait for the response headers; the body is read under what
      // remains of the same budget, so a stalled body cannot hang the signer.
      response = http.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        java.util.concurrent.CompletableFuture<byte[]> read =
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return in.readNBytes(MAX_REPLY_BYTES + 1);
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        try {
          reply =
              read.get(
                  Math.max(1, end - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          read.cancel(true);
          throw new HttpTimeoutException("reading the reply timed out");
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException(String.valueOf(e.getCause().getMessage()), e.getCause());
        }
      }
    } catch (HttpTimeoutException e) {
      throw new RatifyException(
          ErrorCode.TIMEOUT,
          "the TSA " + url + " did not answer within " + timeout,
          "check the TSA URL and network, or raise the TSA timeout",
          e);
    } catch (IOException e) {
      throw failure("the TSA " + url + " could not be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RatifyException(ErrorCode.CANCELLED, "timestamping was interrupted", "retry", e);
    }
    if (response.statusCode() != 200) {
      throw failure("the TSA " + url + " answered HTTP " + response.statusCode(), null);
    }
    if (reply.length > MAX_REPLY_BYTES) {
      throw new RatifyException(
          ErrorCode.SIZE_LIMIT_EXCEEDED,
          "the TSA " + url + " answered more than " + MAX_REPLY_BYTES + " bytes",
          "use another TSA",
          null);
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/timestamp-reply")) {
      throw failure(
          "the TSA "
              + url
              + " answered content type \""
              + type
              + "\", not application/timestamp-reply",
          null);
    }
    try {
      TimeStampResponse tsr = new TimeStampResponse(reply);
      tsr.validate(req);
      if (tsr.getTimeStampToken() == null) {
        throw failure(
            "the TSA "
                + url
                + " did not grant the timestamp: status "
                + tsr.getStatus()
                + " "
                + tsr.getStatusString(),
            null);
      }
      return tsr.getTimeStampToken().getEncoded();
    } catch (TSPException | IOException | RuntimeException e) {
      throw failure("the TSA " + url + " answered an unusable reply: " + e.getMessage(), e);
    }
  }

  private static RatifyException failure(String what, Throwable cause) {
    return new RatifyException(
        ErrorCode.TIMESTAMP_FAILURE, what, "check the TSA URL, or sign without a timestamp", cause);
  }
}
