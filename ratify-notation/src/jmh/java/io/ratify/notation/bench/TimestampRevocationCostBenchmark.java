package io.ratify.notation.bench;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.MediaTypes;
import io.ratify.api.VerificationResult;
import io.ratify.notation.NotationEnvelopeVerifier;
import io.ratify.notation.internal.envelope.Envelopes;
import io.ratify.notation.internal.envelope.SignaturePrimitives;
import io.ratify.notation.internal.envelope.SignedEnvelope;
import io.ratify.notation.internal.revocation.RevocationChecker;
import io.ratify.notation.internal.revocation.RevocationOptions;
import io.ratify.notation.internal.revocation.RevocationPki;
import io.ratify.notation.internal.revocation.RevocationServer;
import io.ratify.notation.internal.revocation.RevocationStatus;
import io.ratify.notation.internal.timestamp.TestTsa;
import io.ratify.notation.signer.NotationSigner;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.CertificateProfile;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * Issue 9's figures in one run, against one baseline: {@link #bareJcaCheck} (the JCA signature
 * check of the plain envelope's signing input). Every variant is a full verification through the
 * public {@link NotationEnvelopeVerifier} (parse, header and chain rules, signature, trust store,
 * identity, expiry, authentic timestamp, revocation) of a JWS signed with an RSA-3072 (PS384) leaf
 * under a root and an intermediate:
 *
 * <ul>
 *   <li>{@link #plain}: the chain names no OCSP/CRL endpoint, no timestamp;
 *   <li>{@link #timestamped}: plus an RFC 3161 token (RSA-2048 TSA under its own root), verified
 *       under {@code verifyTimestamp: always}; the TSA chain names no endpoint;
 *   <li>{@link #cachedRevocation}: the leaf names an OCSP responder, the intermediate a CRL, both
 *       answered from the verifier's warm in-memory caches;
 *   <li>{@link #timestampedCachedRevocation}: both, the TSA certificate naming a CRL too (cached).
 * </ul>
 *
 * And {@link #coldRevocationLoopback}: the signing chain's revocation check alone with the memory
 * caches emptied first, so one OCSP request and one CRL download go to a 127.0.0.1 HTTP server
 * serving pre-made signed answers. Run with {@code mvn -B -q -pl ratify-notation -Pbench
 * test-compile exec:exec -Djmh.args="-wi 3 -i 5 -f 2 -w 1s -r 1s
 * TimestampRevocationCostBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TimestampRevocationCostBenchmark {
  private static final String REF = "bench.example/app";
  private static final String POLICY =
      "{\"version\":\"1.0\",\"trustPolicies\":[{\"name\":\"p\",\"registryScopes\":[\"*\"],"
          + "\"signatureVerification\":{\"level\":\"strict\"%s},"
          + "\"trustStores\":[\"ca:acme\"%s],\"trustedIdentities\":[\"*\"]}]}";

  private final Descriptor target =
      Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(new byte[] {1}), 1);
  private RevocationServer server;
  private Case plain;
  private Case timestamped;
  private Case cachedRevocation;
  private Case timestampedCachedRevocation;
  private RevocationChecker coldChecker;
  private List<X509Certificate> revocableChain;
  private PublicKey leafKey;
  private byte[] signingInput;
  private byte[] signature;
  private SignedEnvelope parsedPlain;

  /** One envelope and the verifier for it. */
  private record Case(NotationEnvelopeVerifier verifier, byte[] envelope) {}

  /** root → intermediate → leaf. */
  private record Pki(CertificateAuthority root, CertificateAuthority mid, IssuedCertificate leaf) {}

  /** A signing chain: root → intermediate → RSA-3072 leaf, with the given endpoints. */
  private static Pki signingChain(
      String name, List<String> intermediateCrl, List<String> leafOcsp) {
    CertificateAuthority root =
        CertificateAuthority.root("CN=" + name + " Root,O=Notary,ST=WA,C=US", KeySpec.RSA_3072);
    CertificateAuthority mid =
        root.intermediate(
            CertificateProfile.ca("CN=" + name + " CA,O=Notary,ST=WA,C=US").toBuilder()
                .crlUrls(intermediateCrl)
                .build(),
            KeySpec.RSA_3072);
    return new Pki(
        root,
        mid,
        mid.issue(
            CertificateProfile.codeSigningLeaf("CN=" + name + " Leaf,O=Notary,ST=WA,C=US")
                .toBuilder()
                .ocspUrls(leafOcsp)
                .build(),
            KeySpec.RSA_3072));
  }

  private static CertificateID id(X509Certificate cert, X509Certificate issuer) throws Exception {
    return new CertificateID(
        new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
        new JcaX509CertificateHolder(issuer),
        cert.getSerialNumber());
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    server = new RevocationServer();

    IssuedCertificate plainLeaf = signingChain("Plain", List.of(), List.of()).leaf();
    Pki rev =
        signingChain("Rev", List.of(server.url("/int.crl")), List.of(server.url("/ocsp-leaf")));
    IssuedCertificate revLeaf = rev.leaf();
    CertificateAuthority revMid = rev.mid();
    server.bytes("/int.crl", RevocationPki.crl(rev.root(), now, List.of()));
    server.bytes(
        "/ocsp-leaf",
        RevocationPki.ocsp(
            id(revLeaf.certificate(), revMid.certificate()),
            RevocationPki.Status.GOOD,
            revMid,
            now));
    revocableChain = revLeaf.chain();

    CertificateAuthority tsaRoot =
        CertificateAuthority.root("CN=Bench TSA Root,O=Notary,ST=WA,C=US", KeySpec.RSA_3072);
    IssuedCertificate tsaCert =
        tsaRoot.issue(
            CertificateProfile.timestampingLeaf("CN=Bench TSA,O=Notary,ST=WA,C=US"),
            KeySpec.RSA_2048);
    IssuedCertificate revTsaCert =
        tsaRoot.issue(
            CertificateProfile.timestampingLeaf("CN=Bench Rev TSA,O=Notary,ST=WA,C=US").toBuilder()
                .crlUrls(List.of(server.url("/tsa.crl")))
                .build(),
            KeySpec.RSA_2048);
    server.bytes("/tsa.crl", RevocationPki.crl(tsaRoot, now, List.of()));

    byte[] plainEnv = sign(plainLeaf, Optional.empty());
    byte[] revEnv = sign(revLeaf, Optional.empty());
    byte[] tsEnv;
    byte[] revTsEnv;
    try (TestTsa tsa = new TestTsa(tsaCert.privateKey(), tsaCert.chain());
        TestTsa revTsa = new TestTsa(revTsaCert.privateKey(), revTsaCert.chain())) {
      tsEnv = sign(plainLeaf, Optional.of(tsa));
      revTsEnv = sign(revLeaf, Optional.of(revTsa));
    }
    String always = ",\"verifyTimestamp\":\"always\"";
    plain = new Case(verifier(String.format(POLICY, "", ""), plainLeaf, null), plainEnv);
    timestamped =
        new Case(
            verifier(String.format(POLICY, always, ",\"tsa:bench\""), plainLeaf, tsaRoot), tsEnv);
    cachedRevocation = new Case(verifier(String.format(POLICY, "", ""), revLeaf, null), revEnv);
    timestampedCachedRevocation =
        new Case(
            verifier(String.format(POLICY, always, ",\"tsa:bench\""), revLeaf, tsaRoot), revTsEnv);

    parsedPlain = Envelopes.parseAndVerify(MediaTypes.JWS_ENVELOPE, plainEnv);
    leafKey = parsedPlain.leaf().getPublicKey();
    signature = parsedPlain.signature();
    String json = new String(plainEnv, StandardCharsets.UTF_8);
    signingInput =
        (field(json, "protected") + "." + field(json, "payload"))
            .getBytes(StandardCharsets.US_ASCII);
    if (!SignaturePrimitives.verify(leafKey, parsedPlain.algorithm(), signingInput, signature)) {
      throw new IllegalStateException("benchmark setup: signing input reconstruction is wrong");
    }
    // every variant verifies, and the revocation caches are warm
    for (Case c : List.of(plain, timestamped, cachedRevocation, timestampedCachedRevocation)) {
      VerificationResult r = verify(c);
      if (!r.success()) {
        throw new IllegalStateException("benchmark setup: " + r);
      }
    }
    int hits = server.hits("/int.crl") + server.hits("/ocsp-leaf") + server.hits("/tsa.crl");
    verify(timestampedCachedRevocation);
    verify(cachedRevocation);
    if (server.hits("/int.crl") + server.hits("/ocsp-leaf") + server.hits("/tsa.crl") != hits) {
      throw new IllegalStateException("benchmark setup: a warm verification used the network");
    }
    coldChecker = new RevocationChecker(RevocationOptions.defaults(), Clock.systemUTC());
    if (coldRevocationLoopback() != RevocationStatus.GOOD) {
      throw new IllegalStateException("benchmark setup: the cold check is not good");
    }
  }

  private byte[] sign(IssuedCertificate leaf, Optional<TestTsa> tsa) throws Exception {
    NotationSigner.Builder b =
        NotationSigner.builder().privateKey(leaf.privateKey()).certificateChain(leaf.chain());
    if (tsa.isPresent()) {
      b.timestampAuthority(tsa.get().url()).timestampTimeout(Duration.ofSeconds(20));
    }
    return b.build().sign(target, Map.of(), Optional.empty());
  }

  private static NotationEnvelopeVerifier verifier(
      String policy, IssuedCertificate leaf, CertificateAuthority tsaRoot) throws Exception {
    List<X509Certificate> chain = leaf.chain();
    NotationEnvelopeVerifier.Builder b =
        NotationEnvelopeVerifier.builder()
            .trustPolicy(policy.getBytes(StandardCharsets.UTF_8))
            .trustStore("ca", "acme", List.of(chain.get(chain.size() - 1)));
    if (tsaRoot != null) {
      b.trustStore("tsa", "bench", List.of(tsaRoot.certificate()));
    }
    return b.build();
  }

  private static String field(String json, String name) {
    int i = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
    return json.substring(i, json.indexOf('"', i));
  }

  private VerificationResult verify(Case c) throws Exception {
    return c.verifier().verify(REF, target, MediaTypes.JWS_ENVELOPE, c.envelope());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    server.close();
  }

  /** The baseline: a configured Signature over the plain envelope's precomputed signing input. */
  @Benchmark
  public boolean bareJcaCheck() throws Exception {
    Signature s = SignaturePrimitives.newSignature(parsedPlain.algorithm());
    s.initVerify(leafKey);
    s.update(signingInput);
    return s.verify(signature);
  }

  /** (a) Full verification, no timestamp, no revocation endpoints. */
  @Benchmark
  public VerificationResult plain() throws Exception {
    return verify(plain);
  }

  /** (b) Full verification of a timestamped signature, the token verified. */
  @Benchmark
  public VerificationResult timestamped() throws Exception {
    return verify(timestamped);
  }

  /** (c) Full verification with OCSP (leaf) and CRL (intermediate) answered from the cache. */
  @Benchmark
  public VerificationResult cachedRevocation() throws Exception {
    return verify(cachedRevocation);
  }

  /** (d) Both: timestamp verified, signing and TSA chains' revocation from the cache. */
  @Benchmark
  public VerificationResult timestampedCachedRevocation() throws Exception {
    return verify(timestampedCachedRevocation);
  }

  /** Cold revocation on loopback: one OCSP round trip and one CRL download, caches emptied. */
  @Benchmark
  public RevocationStatus coldRevocationLoopback() throws Exception {
    coldChecker.clearMemoryCaches();
    return coldChecker
        .check(revocableChain, Optional.empty(), Deadline.after(Duration.ofSeconds(10)))
        .status();
  }
}
