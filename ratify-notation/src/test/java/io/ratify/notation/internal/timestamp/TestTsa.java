package io.ratify.notation.internal.timestamp;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * A real RFC 3161 time-stamp authority for tests: an HTTP server on 127.0.0.1 that answers {@code
 * application/timestamp-query} POSTs with BouncyCastle's response generator, signing with a TSA
 * certificate and carrying its chain (ESS signingCertificateV2). The asserted time and the imprint
 * can be bent to make bad tokens.
 */
public final class TestTsa implements AutoCloseable {
  private final HttpServer server;
  private final PrivateKey key;
  private final List<X509Certificate> chain;
  private final AtomicLong serial = new AtomicLong(1);
  private volatile Instant genTime;
  private volatile boolean wrongImprint;

  /**
   * @param key the TSA key
   * @param chain the TSA chain, TSA certificate first (carried in every token)
   */
  public TestTsa(PrivateKey key, List<X509Certificate> chain) throws IOException {
    this.key = Objects.requireNonNull(key);
    this.chain = List.copyOf(chain);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/tsa",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            byte[] query = in.readNBytes(64 * 1024);
            if (!"POST".equals(exchange.getRequestMethod())
                || !"application/timestamp-query"
                    .equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
              exchange.sendResponseHeaders(400, -1);
              return;
            }
            byte[] reply = reply(new TimeStampRequest(query)).getEncoded();
            exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(reply);
            }
          } catch (Exception e) {
            exchange.sendResponseHeaders(500, -1);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  /** The TSA URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
  }

  /** Makes the TSA assert {@code t} (null: the current time). */
  public void genTime(Instant t) {
    this.genTime = t;
  }

  /** Makes the TSA stamp other bytes than it was asked to (its replies then fail validation). */
  public void wrongImprint(boolean wrong) {
    this.wrongImprint = wrong;
  }

  /** A token over {@code digest} computed with {@code hashOid}, directly (no HTTP). */
  public byte[] token(ASN1ObjectIdentifier hashOid, byte[] digest) throws Exception {
    TimeStampRequestGenerator g = new TimeStampRequestGenerator();
    g.setCertReq(true);
    return reply(g.generate(hashOid, digest, BigInteger.ONE)).getTimeStampToken().getEncoded();
  }

  private TimeStampResponse reply(TimeStampRequest request) throws Exception {
    if (wrongImprint) {
      byte[] other = request.getMessageImprintDigest().clone();
      other[0] ^= 1;
      TimeStampRequestGenerator g = new TimeStampRequestGenerator();
      g.setCertReq(request.getCertReq());
      request = g.generate(request.getMessageImprintAlgOID(), other, request.getNonce());
    }
    String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    var digests = new JcaDigestCalculatorProviderBuilder().build();
    TimeStampTokenGenerator tokens =
        new TimeStampTokenGenerator(
            new JcaSimpleSignerInfoGeneratorBuilder().build(alg, key, chain.get(0)),
            digests.get(new DefaultDigestAlgorithmIdentifierFinder().find("SHA-256")),
            new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"));
    tokens.addCertificates(new JcaCertStore(chain));
    tokens.setAccuracySeconds(1);
    TimeStampResponseGenerator responses =
        new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
    Instant t = genTime == null ? Instant.now() : genTime;
    return responses.generate(request, BigInteger.valueOf(serial.getAndIncrement()), Date.from(t));
  }

  /** Parses a token (for assertions). */
  public static TimeStampToken parse(byte[] token) throws Exception {
    return new TimeStampToken(new org.bouncycastle.cms.CMSSignedData(token));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
