package io.ratify.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.examples.server.Testbed.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TLS 1.3 by default, mTLS refused at the handshake, certificates reloaded without restart. */
class TlsTest {
  static Testbed bed;
  static Path config;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    bed = Testbed.get();
    config = bed.writeConfig("tls-trusted.yaml", bed.config(bed.trusted));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private ProviderServer start(ProviderServer.Builder b) throws Exception {
    ProviderServer s =
        b.config(config)
            .address("127.0.0.1:0")
            .healthAddress("127.0.0.1:0")
            .reloadInterval(Duration.ofMillis(100))
            .build()
            .start();
    open.add(0, s);
    return s;
  }

  @Test
  void mutualTlsRefusesClientsWithoutACertificateOfTheClientCa() throws Exception {
    TlsPki serverPki = TlsPki.create("Server CA");
    TlsPki clientPki = TlsPki.create("Gatekeeper CA");
    TlsPki rogue = TlsPki.create("Rogue CA");
    Path dir = Files.createTempDirectory(bed.dir, "mtls");
    serverPki.server("ratify").write(dir.resolve("tls.crt"), dir.resolve("tls.key"));
    clientPki.writeCa(dir.resolve("client-ca.crt"));
    ProviderServer s =
        start(
            ProviderServer.builder()
                .tls(dir.resolve("tls.crt"), dir.resolve("tls.key"))
                .clientCa(dir.resolve("client-ca.crt")));
    String base = "https://127.0.0.1:" + s.port();
    List<String> keys = List.of(bed.ref("signed"));

    HttpClient anonymous = Testbed.client(TlsPki.trusting(serverPki.ca));
    assertThrows(IOException.class, () -> Testbed.verify(anonymous, base, "v1", keys));
    HttpClient wrongCa = Testbed.client(rogue.client("gatekeeper").clientContext(serverPki.ca));
    assertThrows(IOException.class, () -> Testbed.verify(wrongCa, base, "v1", keys));

    HttpClient gatekeeper =
        Testbed.client(clientPki.client("gatekeeper").clientContext(serverPki.ca));
    Answer a = Testbed.verify(gatekeeper, base, "v1", keys);
    assertEquals(200, a.status());
    assertTrue(a.item(0).get("value").get("isSuccess").asBoolean());
  }

  @Test
  void replacedCertificateFilesAreServedWithoutRestartOrDroppedConnections() throws Exception {
    TlsPki pki = TlsPki.create("Rotating CA");
    // a Secret mount: tls.crt and tls.key are symlinks into ..data, swapped atomically
    Path mount = Files.createTempDirectory(bed.dir, "secret");
    swapSecret(mount, "a", pki.server("first"));
    ProviderServer s =
        start(ProviderServer.builder().tls(mount.resolve("tls.crt"), mount.resolve("tls.key")));
    SSLContext client = TlsPki.trusting(pki.ca);

    try (SSLSocket kept = connect(client, s.port(), "TLSv1.3")) {
      assertEquals("TLSv1.3", kept.getSession().getProtocol());
      assertEquals("CN=first", subject(kept));
      assertTrue(exchange(kept).startsWith("HTTP/1.1 200"));

      swapSecret(mount, "b", pki.server("second"));
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      String served = "";
      while (System.nanoTime() < until) {
        try (SSLSocket fresh = connect(client, s.port(), "TLSv1.3")) {
          served = subject(fresh);
        }
        if (served.equals("CN=second")) {
          break;
        }
        Thread.sleep(100);
      }
      assertEquals("CN=second", served, "the new certificate was never served");
      // the connection opened before the rotation still works
      assertTrue(exchange(kept).startsWith("HTTP/1.1 200"));
    }
    // TLS 1.2 is refused by default
    assertThrows(IOException.class, () -> connect(client, s.port(), "TLSv1.2").close());
  }

  @Test
  void tls12CanBeAllowedAsTheMinimum() throws Exception {
    TlsPki pki = TlsPki.create("CA 12");
    Path dir = Files.createTempDirectory(bed.dir, "tls12");
    pki.server("ratify").write(dir.resolve("tls.crt"), dir.resolve("tls.key"));
    ProviderServer s =
        start(
            ProviderServer.builder()
                .tls(dir.resolve("tls.crt"), dir.resolve("tls.key"))
                .tlsMinVersion("TLSv1.2"));
    try (SSLSocket c = connect(TlsPki.trusting(pki.ca), s.port(), "TLSv1.2")) {
      assertEquals("TLSv1.2", c.getSession().getProtocol());
    }
  }

  private static void swapSecret(Path mount, String rev, TlsPki.Issued issued) throws Exception {
    Path dir = Files.createDirectory(mount.resolve("..rev-" + rev));
    issued.write(dir.resolve("tls.crt"), dir.resolve("tls.key"));
    Path tmp = mount.resolve("..data_tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, dir.getFileName());
    Files.move(
        tmp,
        mount.resolve("..data"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    for (String f : List.of("tls.crt", "tls.key")) {
      if (!Files.isSymbolicLink(mount.resolve(f))) {
        Files.createSymbolicLink(mount.resolve(f), Path.of("..data", f));
      }
    }
  }

  private static SSLSocket connect(SSLContext ctx, int port, String protocol) throws IOException {
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
    SSLParameters p = s.getSSLParameters();
    p.setProtocols(new String[] {protocol});
    s.setSSLParameters(p);
    s.setSoTimeout(10_000);
    s.startHandshake();
    return s;
  }

  private static String subject(SSLSocket s) throws Exception {
    return ((X509Certificate) s.getSession().getPeerCertificates()[0])
        .getSubjectX500Principal()
        .getName();
  }

  /** One keep-alive HTTP/1.1 request on an open socket; returns the status line. */
  private static String exchange(SSLSocket s) throws IOException {
    byte[] body =
        Testbed.providerRequest(List.of("not a reference!")).getBytes(StandardCharsets.UTF_8);
    OutputStream out = s.getOutputStream();
    out.write(
        ("POST /ratify/gatekeeper/v1/verify HTTP/1.1\r\nHost: ratify\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after: " + head);
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
    return head.toString();
  }
}
