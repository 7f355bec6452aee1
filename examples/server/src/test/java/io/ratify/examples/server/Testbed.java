package io.ratify.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.testing.TestPki;
import io.ratify.examples.server.testing.SignedImages;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import io.ratify.oras.testing.LocalRegistry;
import io.ratify.oras.testing.RegistryPusher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * One real registry for the whole test run (started once per JVM): {@code demo/app:signed} signed
 * with the project's Notation signer by a fresh CA, {@code demo/app:unsigned} without signature.
 */
final class Testbed {
  static final String REPO = "demo/app";
  static final ObjectMapper JSON = new ObjectMapper();

  private static Testbed instance;

  final LocalRegistry registry;
  final CertificateAuthority trusted;
  final CertificateAuthority untrusted;
  final Digest signedDigest;
  final Digest unsignedDigest;
  final Path dir;

  private Testbed(
      LocalRegistry registry,
      CertificateAuthority trusted,
      CertificateAuthority untrusted,
      Digest signed,
      Digest unsigned,
      Path dir) {
    this.registry = registry;
    this.trusted = trusted;
    this.untrusted = untrusted;
    this.signedDigest = signed;
    this.unsignedDigest = unsigned;
    this.dir = dir;
  }

  static synchronized Testbed get() throws Exception {
    if (instance == null) {
      LocalRegistry registry = LocalRegistry.start();
      Runtime.getRuntime().addShutdownHook(new Thread(registry::close));
      RegistryPusher push = new RegistryPusher(registry, Optional.empty());
      Descriptor signed = push.pushImage(REPO, "signed", "layer of the signed image");
      Descriptor unsigned = push.pushImage(REPO, "unsigned", "layer of the unsigned image");
      CertificateAuthority ca =
          CertificateAuthority.root("CN=Server Test CA,O=Ratify for Java", KeySpec.EC_P256);
      CertificateAuthority other =
          CertificateAuthority.root("CN=Other CA,O=Ratify for Java", KeySpec.EC_P256);
      sign(push, signed, ca);
      Path dir = Files.createTempDirectory("ratify-server-test");
      instance = new Testbed(registry, ca, other, signed.digest(), unsigned.digest(), dir);
    }
    return instance;
  }

  String ref(String tag) {
    return registry.host() + "/" + REPO + ":" + tag;
  }

  String pinned(Digest d) {
    return registry.host() + "/" + REPO + "@" + d;
  }

  /** The seed guide's configuration trusting {@code ca}, with the store on plain HTTP. */
  String config(CertificateAuthority ca) throws Exception {
    String pem =
        TestPki.pemBlock("CERTIFICATE", ca.certificate().getEncoded())
            .trim()
            .replace("\n", "\n      ");
    return """
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: KeyManagementProvider
        metadata:
          name: certstore-inline
        spec:
          provider: inline
          parameters:
            value: |
              %s
        ---
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: Store
        metadata:
          name: store-oras
        spec:
          name: oras
          parameters:
            useHttp: true
        ---
        apiVersion: config.ratify.deislabs.io/v1beta1
        kind: Verifier
        metadata:
          name: verifier-notary-inline
        spec:
          name: notation
          artifactTypes: application/vnd.cncf.notary.signature
          parameters:
            verificationCertStores:
              certs:
                - certstore-inline
            trustPolicyDoc:
              version: "1.0"
              trustPolicies:
                - name: default
                  registryScopes:
                    - "*"
                  signatureVerification:
                    level: strict
                  trustStores:
                    - ca:certs
                  trustedIdentities:
                    - "*"
        """
        .formatted(pem);
  }

  Path writeConfig(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** Access-log lines of the registry that touched the test repository. */
  long registryRequests() {
    return registry.log().lines().filter(l -> l.contains("/v2/" + REPO + "/")).count();
  }

  private static void sign(RegistryPusher push, Descriptor subject, CertificateAuthority ca)
      throws Exception {
    IssuedCertificate leaf =
        ca.codeSigningLeaf("CN=server.signer,O=Ratify for Java", KeySpec.EC_P256);
    SignedImages.sign(push, REPO, subject, leaf, EnvelopeFormat.COSE);
  }

  // ---- a Gatekeeper-like client -------------------------------------------------------------

  /** A response as Gatekeeper reads it. */
  record Answer(int status, JsonNode body, long millis) {
    JsonNode items() {
      return body.path("response").path("items");
    }

    JsonNode item(int i) {
      return items().get(i);
    }
  }

  static HttpClient client(SSLContext ssl) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    if (ssl != null) {
      b.sslContext(ssl);
    }
    return b.build();
  }

  /** Gatekeeper's ProviderRequest for {@code keys}. */
  static String providerRequest(List<String> keys) throws IOException {
    Map<String, Object> req =
        Map.of(
            "apiVersion", "externaldata.gatekeeper.sh/v1beta1",
            "kind", "ProviderRequest",
            "request", Map.of("keys", keys));
    return JSON.writeValueAsString(req);
  }

  static Answer post(HttpClient c, URI uri, String body, String contentType) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        c.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new Answer(r.statusCode(), JSON.readTree(r.body()), ms);
  }

  static Answer verify(HttpClient c, String base, String version, List<String> keys)
      throws Exception {
    return post(
        c,
        URI.create(base + "/ratify/gatekeeper/" + version + "/verify"),
        providerRequest(keys),
        "application/json");
  }

  static Answer mutate(HttpClient c, String base, String version, List<String> keys)
      throws Exception {
    return post(
        c,
        URI.create(base + "/ratify/gatekeeper/" + version + "/mutate"),
        providerRequest(keys),
        "application/json");
  }

  static String get(HttpClient c, URI uri) throws Exception {
    HttpResponse<String> r =
        c.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  /** The value of metric lines starting with {@code prefix}, summed. */
  static double metric(String scrape, String prefix) {
    double sum = 0;
    for (String l : scrape.split("\n")) {
      if (l.startsWith(prefix)) {
        sum += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  static List<String> repeat(List<String> keys, int times) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      out.addAll(keys);
    }
    return out;
  }

  static String b64(X509Certificate c) throws Exception {
    return Base64.getEncoder().encodeToString(c.getEncoded());
  }
}
