package io.ratify.notation.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.VerificationResult;
import io.ratify.api.Verifier;
import io.ratify.notation.NotationVerifierFactory;
import io.ratify.notation.TestContext;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.envelope.SigningScheme;
import io.ratify.notation.internal.policy.TrustPolicyDocument;
import io.ratify.notation.internal.revocation.RevocationChecker;
import io.ratify.notation.internal.revocation.RevocationOptions;
import io.ratify.notation.internal.revocation.RevocationPki;
import io.ratify.notation.internal.revocation.RevocationServer;
import io.ratify.notation.internal.revocation.UpstreamRevocationVectorsTest;
import io.ratify.notation.internal.truststore.TrustStores;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.signer.NotationSigner;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full verifications through the notation verifier of signatures made with this project's signer,
 * whose chains name OCSP responders and CRLs served over loopback HTTP: the revocation check under
 * each policy action, the signing-authority invalidity-date rule, the cache directory and offline
 * mode configured through the factory, and the upstream CRL test PKI.
 */
class RevocationVerificationTest {
  @SuppressWarnings("TimeInStaticInitializer") // one instant dates every certificate of a run
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  static final String REPO = "registry.example.com/acme/app";

  @TempDir Path tmp;
  RevocationServer server;
  RevocationPki pki;
  Descriptor subject;

  @BeforeEach
  void start() throws Exception {
    server = new RevocationServer();
    pki =
        new RevocationPki(
            List.of(),
            List.of(server.url("/int.crl")),
            List.of(server.url("/ocsp")),
            List.of(server.url("/leaf.crl")));
    server.bytes("/int.crl", RevocationPki.crl(pki.root, NOW, List.of()));
    server.status("/ocsp", 503);
    server.bytes("/leaf.crl", RevocationPki.crl(pki.intermediate, NOW, List.of()));
    byte[] manifest = ("{\"n\":" + System.nanoTime() + "}").getBytes(StandardCharsets.UTF_8);
    subject = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(manifest), manifest.length);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  byte[] sign(PrivateKey key, List<X509Certificate> chain, SigningScheme scheme, Instant at)
      throws Exception {
    return NotationSigner.builder()
        .privateKey(key)
        .certificateChain(chain)
        .format(EnvelopeFormat.JWS)
        .signingAuthority(scheme == SigningScheme.X509_SIGNING_AUTHORITY)
        .clock(Clock.fixed(at, ZoneOffset.UTC))
        .build()
        .sign(subject, Map.of(), Optional.empty());
  }

  byte[] sign() throws Exception {
    return sign(pki.leaf.privateKey(), pki.chain(), SigningScheme.X509, NOW);
  }

  String store(String type, X509Certificate anchor) throws Exception {
    Path s =
        Files.createDirectories(
            Files.createTempDirectory(tmp, "ts").resolve("truststore/x509/" + type + "/acme"));
    Files.write(s.resolve("anchor.der"), anchor.getEncoded());
    return s.getParent().getParent().getParent().getParent().toString();
  }

  Verifier verifier(String level, Map<String, String> override, Map<String, Object> revocation)
      throws Exception {
    return verifier(level, override, revocation, "ca");
  }

  Verifier verifier(
      String level, Map<String, String> override, Map<String, Object> revocation, String type)
      throws Exception {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(
        "trustPolicyDoc",
        Harness.policy(REPO, level, override, List.of(type + ":acme"), List.of("*")));
    params.put("verificationCerts", List.of(store(type, pki.root.certificate())));
    if (!revocation.isEmpty()) {
      params.put("revocation", revocation);
    }
    return new NotationVerifierFactory()
        .create(
            PluginConfig.of(PluginKind.VERIFIER, "verifier-notation", "notation", params),
            new TestContext(NOW, tmp));
  }

  VerificationResult verify(Verifier v, byte[] envelope) throws Exception {
    return Harness.verifyEnvelope(
        v, tmp, REPO + "@" + subject.digest(), subject, MediaTypes.JWS_ENVELOPE, envelope);
  }

  void revokeLeaf() {
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            pki.intermediate,
            NOW,
            List.of(RevocationPki.Revoked.of(pki.leaf.certificate(), NOW.minusSeconds(5)))));
  }

  @Test
  void revocationUnderEachPolicyAction() throws Exception {
    byte[] envelope = sign();
    VerificationResult good = verify(verifier("strict", Map.of(), Map.of()), envelope);
    assertTrue(good.success(), good::toString);
    assertFalse(good.extensions().containsKey("warnings"));

    revokeLeaf();
    VectorCasesTest.assertFailure(
        verify(verifier("strict", Map.of(), Map.of()), envelope),
        Check.REVOCATION,
        "signing certificate with subject \"CN=Rev Signer,O=Acme,L=Seattle,ST=WA,C=US\" is revoked");
    for (String level : List.of("permissive", "audit")) {
      VectorCasesTest.assertSuccessWithWarning(
          verify(verifier(level, Map.of(), Map.of()), envelope),
          "revocation was set to \"log\" and failed with error: signing certificate with subject");
    }
    VectorCasesTest.assertFailure(
        verify(verifier("permissive", Map.of("revocation", "enforce"), Map.of()), envelope),
        Check.REVOCATION,
        "is revoked");
    int hits = server.hits("/leaf.crl");
    VerificationResult skipped =
        verify(verifier("strict", Map.of("revocation", "skip"), Map.of()), envelope);
    assertTrue(skipped.success());
    assertFalse(skipped.extensions().containsKey("warnings"));
    assertEquals(hits, server.hits("/leaf.crl"), "skip makes no request");

    // unreachable CRL and OCSP: unknown is a failure, never good
    server.status("/leaf.crl", 503);
    VectorCasesTest.assertFailure(
        verify(verifier("strict", Map.of(), Map.of()), envelope),
        Check.REVOCATION,
        "revocation status is unknown");
  }

  @Test
  void invalidityDateAfterTheAuthenticSigningTimeSparesSigningAuthoritySignatures()
      throws Exception {
    Instant signedAt = NOW.minusSeconds(1800);
    byte[] sa =
        sign(pki.leaf.privateKey(), pki.chain(), SigningScheme.X509_SIGNING_AUTHORITY, signedAt);
    byte[] x509 = sign(pki.leaf.privateKey(), pki.chain(), SigningScheme.X509, signedAt);
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            pki.intermediate,
            NOW,
            List.of(
                new RevocationPki.Revoked(
                    pki.leaf.certificate().getSerialNumber(),
                    NOW.minusSeconds(60),
                    Optional.of(CRLReason.keyCompromise),
                    Optional.of(signedAt.plusSeconds(600))))));
    VerificationResult spared =
        verify(verifier("strict", Map.of(), Map.of(), "signingAuthority"), sa);
    assertTrue(spared.success(), spared::toString);
    // notary.x509: the signing time is not authentic, so any revocation counts
    VectorCasesTest.assertFailure(
        verify(verifier("strict", Map.of(), Map.of()), x509), Check.REVOCATION, "is revoked");
    // compromised before the signature was made
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            pki.intermediate,
            NOW,
            List.of(
                new RevocationPki.Revoked(
                    pki.leaf.certificate().getSerialNumber(),
                    NOW.minusSeconds(60),
                    Optional.of(CRLReason.keyCompromise),
                    Optional.of(signedAt.minusSeconds(600))))));
    VectorCasesTest.assertFailure(
        verify(verifier("strict", Map.of(), Map.of(), "signingAuthority"), sa),
        Check.REVOCATION,
        "is revoked");
  }

  @Test
  void cacheDirectoryAndOfflineModeFromTheFactory() throws Exception {
    byte[] envelope = sign();
    String dir = tmp.resolve("crl.cache").toString();
    assertTrue(
        verify(
                verifier("strict", Map.of(), Map.of("crlCacheDirectory", dir, "timeout", "2s")),
                envelope)
            .success());
    server.close();
    // a restarted, air-gapped verifier answers from the directory
    VerificationResult offline =
        verify(
            verifier("strict", Map.of(), Map.of("crlCacheDirectory", dir, "offline", true)),
            envelope);
    assertTrue(offline.success(), offline::toString);
    VectorCasesTest.assertFailure(
        verify(
            verifier(
                "strict",
                Map.of(),
                Map.of("crlCacheDirectory", tmp.resolve("empty").toString(), "offline", "true")),
            envelope),
        Check.REVOCATION,
        "revocation status unknown (offline, not cached)");
  }

  @Test
  void revocationParametersAreValidated() throws Exception {
    Path file = Files.write(tmp.resolve("file"), new byte[1]);
    for (Map<String, Object> bad :
        List.<Map<String, Object>>of(
            Map.of("timout", "2s"),
            Map.of("timeout", "0s"),
            Map.of("timeout", "2h"),
            Map.of("timeout", "soon"),
            Map.of("offline", "maybe"),
            Map.of("crlCacheDirectory", file.toString()),
            Map.of("crlCacheDirectory", " "))) {
      RatifyException e =
          assertThrows(
              RatifyException.class, () -> verifier("strict", Map.of(), bad), bad::toString);
      assertEquals(ErrorCode.CONFIG_INVALID, e.code());
      assertTrue(
          e.getMessage().contains("(in parameters.revocation)")
              && e.getMessage().contains("'parameters." + bad.keySet().iterator().next() + "'"),
          e.getMessage());
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(
        "trustPolicyDoc", Harness.policy(REPO, "strict", Map.of(), List.of("ca:a"), List.of("*")));
    params.put("revocation", "offline");
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                new NotationVerifierFactory()
                    .create(
                        PluginConfig.of(PluginKind.VERIFIER, "v", "notation", params),
                        new TestContext(NOW, tmp)));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
  }

  /** Upstream's CRL chain and leaf key, signed here, CRLs served as upstream serves them. */
  @Test
  void upstreamCrlChainEndToEnd() throws Exception {
    List<X509Certificate> chain = UpstreamRevocationVectorsTest.crlChain();
    PrivateKey key = UpstreamRevocationVectorsTest.key("crl/leaf.key");
    byte[] envelope = sign(key, chain, SigningScheme.X509, NOW);
    RevocationChecker checker =
        new RevocationChecker(
            RevocationOptions.defaults()
                .withProxy(UpstreamRevocationVectorsTest.upstreamHosts(server.port())),
            Clock.fixed(NOW, ZoneOffset.UTC));
    String store = store("ca", chain.get(2));
    java.util.function.Function<String, Verifier> verifier =
        level -> {
          try {
            return new NotationVerifier(
                new VerifierSettings(
                    "notation",
                    Set.of(MediaTypes.NOTARY_SIGNATURE),
                    TrustPolicyDocument.fromTree(
                        TrustPolicyDocument.Kind.OCI,
                        Harness.policy(REPO, level, Map.of(), List.of("ca:acme"), List.of("*"))),
                    new TrustStores(Map.of(), List.of(Path.of(store))),
                    Clock.fixed(NOW, ZoneOffset.UTC),
                    checker));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    UpstreamRevocationVectorsTest.serveCrls(server, "leaf.crl", "intermediate.crl");
    VerificationResult good = verify(verifier.apply("strict"), envelope);
    assertTrue(good.success(), good::toString);

    UpstreamRevocationVectorsTest.serveCrls(server, "leaf_revoked.crl", "intermediate.crl");
    // a new checker: the good CRL is cached until its nextUpdate (2124) in the first one
    RevocationChecker fresh =
        new RevocationChecker(
            RevocationOptions.defaults()
                .withProxy(UpstreamRevocationVectorsTest.upstreamHosts(server.port())),
            Clock.fixed(NOW, ZoneOffset.UTC));
    Verifier strict =
        new NotationVerifier(
            new VerifierSettings(
                "notation",
                Set.of(MediaTypes.NOTARY_SIGNATURE),
                TrustPolicyDocument.fromTree(
                    TrustPolicyDocument.Kind.OCI,
                    Harness.policy(REPO, "strict", Map.of(), List.of("ca:acme"), List.of("*"))),
                new TrustStores(Map.of(), List.of(Path.of(store))),
                Clock.fixed(NOW, ZoneOffset.UTC),
                fresh));
    VectorCasesTest.assertFailure(
        verify(strict, envelope),
        Check.REVOCATION,
        "signing certificate with subject \"CN=LeafCert,OU=OrgUnit,O=Organization,L=City,ST=State,C=US\" is revoked");
  }
}
