package io.ratify.notation.bench;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.MediaTypes;
import io.ratify.api.Reference;
import io.ratify.api.Store;
import io.ratify.api.VerificationResult;
import io.ratify.api.Verifier;
import io.ratify.api.VerifyRequest;
import io.ratify.core.testing.LayoutWriter;
import io.ratify.notation.NotationVerifierFactory;
import io.ratify.notation.TestContext;
import io.ratify.notation.internal.revocation.ChainResult;
import io.ratify.notation.internal.revocation.RevocationChecker;
import io.ratify.notation.internal.revocation.RevocationOptions;
import io.ratify.notation.internal.revocation.RevocationPki;
import io.ratify.notation.internal.revocation.RevocationServer;
import io.ratify.notation.internal.revocation.RevocationStatus;
import io.ratify.notation.signer.NotationSigner;
import io.ratify.oras.OciLayoutStore;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Revocation cost. Full verifications through the notation verifier (OCI layout store, JWS, EC
 * P-256, root → intermediate → leaf) of the same kind of signature: {@code noEndpoints} (the chain
 * names no OCSP/CRL, so revocation is trivially good; the baseline), {@code cachedCrl} and {@code
 * cachedOcsp} (leaf and intermediate name a CRL or an OCSP responder; answers come from the warm
 * in-memory cache). And the cold revocation check alone on loopback (in-memory caches emptied
 * before each call; a 127.0.0.1 HTTP server serves pre-made signed responses): {@code coldOcsp}
 * (two OCSP round trips) and {@code coldCrl} (two CRL downloads). Run with {@code mvn -B -q -pl
 * ratify-notation -Pbench test-compile exec:exec -Djmh.args="-f 1 -wi 3 -i 5 -w 1s -r 1s
 * RevocationBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RevocationBenchmark {
  private static final String REPO = "registry.example.com/acme/app";

  private RevocationServer server;
  private Path tmp;
  private Signed noEndpoints;
  private Signed cachedCrl;
  private Signed cachedOcsp;
  private RevocationChecker coldChecker;
  private RevocationPki ocspPki;
  private RevocationPki crlPki;

  /** A signature in a layout plus a verifier for it. */
  private record Signed(
      Verifier verifier, Store store, Reference subject, Descriptor target, Descriptor signature) {
    VerificationResult verify() throws Exception {
      VerificationResult r =
          verifier.verify(
              new VerifyRequest(
                  subject, target, signature, store, Deadline.after(Duration.ofSeconds(30))));
      if (!r.success()) {
        throw new IllegalStateException(r.toString());
      }
      return r;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    server = new RevocationServer();
    tmp = Files.createTempDirectory("revocation-bench");
    RevocationPki plain = new RevocationPki(List.of(), List.of(), List.of(), List.of());
    crlPki =
        new RevocationPki(
            List.of(),
            List.of(server.url("/int.crl")),
            List.of(),
            List.of(server.url("/leaf.crl")));
    server.bytes("/int.crl", RevocationPki.crl(crlPki.root, now, List.of()));
    server.bytes("/leaf.crl", RevocationPki.crl(crlPki.intermediate, now, List.of()));
    ocspPki =
        new RevocationPki(
            List.of(server.url("/ocsp-int")),
            List.of(),
            List.of(server.url("/ocsp-leaf")),
            List.of());
    server.bytes(
        "/ocsp-int",
        RevocationPki.ocsp(
            id(ocspPki.intermediate.certificate(), ocspPki.root.certificate()),
            RevocationPki.Status.GOOD,
            ocspPki.root,
            now));
    server.bytes(
        "/ocsp-leaf",
        RevocationPki.ocsp(
            id(ocspPki.leaf.certificate(), ocspPki.intermediate.certificate()),
            RevocationPki.Status.GOOD,
            ocspPki.intermediate,
            now));
    noEndpoints = sign(plain, now);
    cachedCrl = sign(crlPki, now);
    cachedOcsp = sign(ocspPki, now);
    // warm the caches (and check that everything verifies)
    noEndpoints.verify();
    cachedCrl.verify();
    cachedOcsp.verify();
    coldChecker =
        new RevocationChecker(RevocationOptions.defaults(), Clock.fixed(now, ZoneOffset.UTC));
    if (coldOcsp() != RevocationStatus.GOOD || coldCrl() != RevocationStatus.GOOD) {
      throw new IllegalStateException("benchmark setup: cold checks are not good");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    server.close();
  }

  private static CertificateID id(
      java.security.cert.X509Certificate cert, java.security.cert.X509Certificate issuer)
      throws Exception {
    return new CertificateID(
        new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
        new JcaX509CertificateHolder(issuer),
        cert.getSerialNumber());
  }

  private Signed sign(RevocationPki pki, Instant now) throws Exception {
    LayoutWriter w = new LayoutWriter(Files.createTempDirectory(tmp, "layout"));
    byte[] manifest = ("{\"n\":" + System.nanoTime() + "}").getBytes(StandardCharsets.UTF_8);
    Descriptor target =
        Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(manifest), manifest.length);
    byte[] envelope =
        NotationSigner.builder()
            .privateKey(pki.leaf.privateKey())
            .certificateChain(pki.chain())
            .build()
            .sign(target, Map.of(), Optional.empty());
    Descriptor signature =
        w.referrer(
                target,
                w.blob(MediaTypes.NOTARY_SIGNATURE, "{}".getBytes(StandardCharsets.US_ASCII)),
                List.of(w.blob(MediaTypes.JWS_ENVELOPE, envelope)))
            .withArtifactType(MediaTypes.NOTARY_SIGNATURE);
    Path store =
        Files.createDirectories(
            Files.createTempDirectory(tmp, "ts").resolve("truststore/x509/ca/acme"));
    Files.write(store.resolve("root.der"), pki.root.certificate().getEncoded());
    Map<String, Object> sv = new LinkedHashMap<>();
    sv.put("level", "strict");
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("name", "bench");
    st.put("registryScopes", List.of(REPO));
    st.put("signatureVerification", sv);
    st.put("trustStores", List.of("ca:acme"));
    st.put("trustedIdentities", List.of("*"));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("trustPolicyDoc", Map.of("version", "1.0", "trustPolicies", List.of(st)));
    params.put(
        "verificationCerts",
        List.of(store.getParent().getParent().getParent().getParent().toString()));
    Verifier v =
        new NotationVerifierFactory()
            .create(
                PluginConfig.of(PluginKind.VERIFIER, "notation", "notation", params),
                new TestContext(now, tmp));
    return new Signed(
        v,
        OciLayoutStore.open(w.dir()),
        Reference.parse(REPO + "@" + target.digest()),
        target,
        signature);
  }

  /** Baseline: the chain names no revocation endpoints. */
  @Benchmark
  public VerificationResult noEndpoints() throws Exception {
    return noEndpoints.verify();
  }

  /** Leaf and intermediate name CRLs; answered from the in-memory cache. */
  @Benchmark
  public VerificationResult cachedCrl() throws Exception {
    return cachedCrl.verify();
  }

  /** Leaf and intermediate name OCSP responders; answered from the in-memory cache. */
  @Benchmark
  public VerificationResult cachedOcsp() throws Exception {
    return cachedOcsp.verify();
  }

  /** The revocation check alone, caches emptied: two OCSP round trips on loopback. */
  @Benchmark
  public RevocationStatus coldOcsp() throws Exception {
    coldChecker.clearMemoryCaches();
    ChainResult r =
        coldChecker.check(
            ocspPki.chain(), Optional.empty(), Deadline.after(Duration.ofSeconds(10)));
    return r.status();
  }

  /** The revocation check alone, caches emptied: two CRL downloads on loopback. */
  @Benchmark
  public RevocationStatus coldCrl() throws Exception {
    coldChecker.clearMemoryCaches();
    ChainResult r =
        coldChecker.check(crlPki.chain(), Optional.empty(), Deadline.after(Duration.ofSeconds(10)));
    return r.status();
  }
}
