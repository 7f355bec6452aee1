package io.ratify.notation.internal.revocation;

import static io.ratify.notation.internal.revocation.RevocationPki.Revoked;
import static io.ratify.notation.internal.revocation.RevocationPki.Status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.CertificateProfile;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The revocation checker against a real HTTP server on 127.0.0.1 serving real signed OCSP responses
 * and CRLs for a PKI made here.
 */
class RevocationCheckerTest {
  @SuppressWarnings("TimeInStaticInitializer") // one instant dates every certificate of a run
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  static final String UNREACHABLE = "http://127.0.0.1:1/unreachable";

  @TempDir Path tmp;
  RevocationServer server;

  @BeforeEach
  void start() throws Exception {
    server = new RevocationServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * Generous per-request timeouts: responses are signed on demand by the test server, which can be
   * slow on a loaded machine; the tests about timeouts set their own.
   */
  static RevocationOptions options() {
    return RevocationOptions.defaults().withTimeout(Duration.ofSeconds(15));
  }

  static RevocationChecker checker(RevocationOptions o) {
    return new RevocationChecker(o, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static ChainResult check(RevocationChecker c, RevocationPki pki) throws RatifyException {
    return c.check(pki.chain(), Optional.empty(), Deadline.after(Duration.ofSeconds(30)));
  }

  static void assertStatus(RevocationStatus expected, ChainResult r) {
    assertEquals(expected, r.status(), () -> r.failureMessage("signing").orElse("good"));
  }

  RevocationPki leafOcsp() {
    return new RevocationPki(List.of(), List.of(), List.of(server.url("/ocsp")), List.of());
  }

  RevocationPki leafCrl() {
    return new RevocationPki(List.of(), List.of(), List.of(), List.of(server.url("/leaf.crl")));
  }

  // ---- OCSP ----

  @Test
  void ocspGoodRevokedAndUnknown() throws Exception {
    RevocationPki pki = leafOcsp();
    server.ocsp("/ocsp", id -> RevocationPki.ocsp(id, Status.GOOD, pki.intermediate, NOW));
    ChainResult good = check(checker(options()), pki);
    assertStatus(RevocationStatus.GOOD, good);
    assertEquals(Method.OCSP, good.certificates().get(0).method());
    assertEquals(Method.NONE, good.certificates().get(1).method());
    assertEquals(2, good.certificates().size(), "the root is never checked");

    server.ocsp("/ocsp", id -> RevocationPki.ocsp(id, Status.REVOKED, pki.intermediate, NOW));
    ChainResult revoked = check(checker(options()), pki);
    assertStatus(RevocationStatus.REVOKED, revoked);
    assertEquals(
        "signing certificate with subject \"CN=Rev Signer,O=Acme,L=Seattle,ST=WA,C=US\" is revoked",
        revoked.failureMessage("signing").orElseThrow());

    server.ocsp("/ocsp", id -> RevocationPki.ocsp(id, Status.UNKNOWN, pki.intermediate, NOW));
    ChainResult unknown = check(checker(options()), pki);
    assertStatus(RevocationStatus.UNKNOWN, unknown);
    assertTrue(
        unknown.failureMessage("signing").orElseThrow().contains("revocation status is unknown"));
  }

  @Test
  void ocspUsesGetForShortRequestsAndTriesRespondersInOrder() throws Exception {
    RevocationPki pki =
        new RevocationPki(
            List.of(), List.of(), List.of(UNREACHABLE, server.url("/ocsp")), List.of());
    server.on(
        "/ocsp",
        (ex, body) -> {
          assertEquals("GET", ex.getRequestMethod());
          RevocationServer.respond(ex, 200, new byte[0]);
        });
    server.ocsp("/ocsp", id -> RevocationPki.ocsp(id, Status.GOOD, pki.intermediate, NOW));
    assertStatus(RevocationStatus.GOOD, check(checker(options()), pki));
    assertEquals(1, server.hits("/ocsp"));
  }

  @Test
  void delegatedResponderMustBeCertifiedByTheIssuerForOcspSigning() throws Exception {
    RevocationPki pki = leafOcsp();
    IssuedCertificate delegated = RevocationPki.responder(pki.intermediate, true);
    server.ocsp("/ocsp", id -> signedBy(id, Status.GOOD, delegated));
    assertStatus(RevocationStatus.GOOD, check(checker(options()), pki));

    IssuedCertificate noEku = RevocationPki.responder(pki.intermediate, false);
    server.ocsp("/ocsp", id -> signedBy(id, Status.GOOD, noEku));
    ChainResult r = check(checker(options()), pki);
    assertStatus(RevocationStatus.UNKNOWN, r);
    assertTrue(r.failureMessage("signing").get().contains("not authorised for OCSP signing"));

    // wrong responder: certified for OCSP signing, but by another CA
    IssuedCertificate foreign = RevocationPki.responder(pki.root, true);
    server.ocsp("/ocsp", id -> signedBy(id, Status.GOOD, foreign));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));

    // wrong responder: the root signs for the intermediate's leaf
    server.ocsp("/ocsp", id -> RevocationPki.ocsp(id, Status.GOOD, pki.root, NOW));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));

    // a delegated responder that is not embedded cannot be verified
    server.ocsp(
        "/ocsp",
        id ->
            RevocationPki.ocsp(
                id,
                Status.GOOD,
                delegated.certificate(),
                delegated.privateKey(),
                List.of(),
                NOW.minusSeconds(60),
                Optional.of(NOW.plusSeconds(3600)),
                Optional.empty()));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
  }

  static byte[] signedBy(
      org.bouncycastle.cert.ocsp.CertificateID id, Status s, IssuedCertificate responder) {
    return RevocationPki.ocsp(
        id,
        s,
        responder.certificate(),
        responder.privateKey(),
        List.of(responder.certificate()),
        NOW.minusSeconds(60),
        Optional.of(NOW.plusSeconds(3600)),
        Optional.empty());
  }

  @Test
  void staleOrForeignOcspAnswersAreUnknown() throws Exception {
    RevocationPki pki = leafOcsp();
    CertificateAuthority ca = pki.intermediate;
    // no nextUpdate: notation treats it as expired
    server.ocsp(
        "/ocsp",
        id ->
            RevocationPki.ocsp(
                id,
                Status.GOOD,
                ca.certificate(),
                ca.privateKey(),
                List.of(),
                NOW.minusSeconds(60),
                Optional.empty(),
                Optional.empty()));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
    // expired
    server.ocsp(
        "/ocsp",
        id ->
            RevocationPki.ocsp(
                id,
                Status.GOOD,
                ca.certificate(),
                ca.privateKey(),
                List.of(),
                NOW.minusSeconds(7200),
                Optional.of(NOW.minusSeconds(3600)),
                Optional.empty()));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
    // not yet valid
    server.ocsp(
        "/ocsp",
        id ->
            RevocationPki.ocsp(
                id,
                Status.GOOD,
                ca.certificate(),
                ca.privateKey(),
                List.of(),
                NOW.plusSeconds(3600),
                Optional.of(NOW.plusSeconds(7200)),
                Optional.empty()));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
    // an answer about another certificate
    IssuedCertificate other = ca.codeSigningLeaf(RevocationPki.LEAF_DN, KeySpec.EC_P256);
    server.ocsp(
        "/ocsp",
        id -> {
          try {
            org.bouncycastle.cert.ocsp.CertificateID otherId =
                new org.bouncycastle.cert.ocsp.CertificateID(
                    new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder()
                        .build()
                        .get(org.bouncycastle.cert.ocsp.CertificateID.HASH_SHA1),
                    new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(ca.certificate()),
                    other.certificate().getSerialNumber());
            return RevocationPki.ocsp(otherId, Status.GOOD, ca, NOW);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
    // garbage and HTTP errors
    server.bytes("/ocsp", "not ocsp".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
    server.status("/ocsp", 500);
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
  }

  @Test
  void ocspInvalidityDateAfterTheAuthenticSigningTimeDoesNotInvalidate() throws Exception {
    RevocationPki pki = leafOcsp();
    CertificateAuthority ca = pki.intermediate;
    server.ocsp(
        "/ocsp",
        id ->
            RevocationPki.ocsp(
                id,
                Status.REVOKED,
                ca.certificate(),
                ca.privateKey(),
                List.of(),
                NOW.minusSeconds(60),
                Optional.of(NOW.plusSeconds(3600)),
                Optional.of(NOW.minusSeconds(600))));
    Deadline d = Deadline.after(Duration.ofSeconds(30));
    RevocationChecker c = checker(options());
    assertStatus(
        RevocationStatus.GOOD, c.check(pki.chain(), Optional.of(NOW.minusSeconds(1200)), d));
    assertStatus(
        RevocationStatus.REVOKED, c.check(pki.chain(), Optional.of(NOW.minusSeconds(300)), d));
    assertStatus(RevocationStatus.REVOKED, c.check(pki.chain(), Optional.empty(), d));
  }

  // ---- CRL ----

  @Test
  void crlGoodRevokedLeafRevokedIntermediateAndExpired() throws Exception {
    RevocationPki pki =
        new RevocationPki(
            List.of(),
            List.of(server.url("/int.crl")),
            List.of(),
            List.of(server.url("/leaf.crl")));
    server.bytes("/int.crl", RevocationPki.crl(pki.root, NOW, List.of()));
    server.bytes("/leaf.crl", RevocationPki.crl(pki.intermediate, NOW, List.of()));
    ChainResult good = check(checker(options()), pki);
    assertStatus(RevocationStatus.GOOD, good);
    assertEquals(Method.CRL, good.certificates().get(0).method());

    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            pki.intermediate,
            NOW,
            List.of(Revoked.of(pki.leaf.certificate(), NOW.minusSeconds(10)))));
    assertStatus(RevocationStatus.REVOKED, check(checker(options()), pki));

    server.bytes("/leaf.crl", RevocationPki.crl(pki.intermediate, NOW, List.of()));
    server.bytes(
        "/int.crl",
        RevocationPki.crl(
            pki.root,
            NOW,
            List.of(Revoked.of(pki.intermediate.certificate(), NOW.minusSeconds(10)))));
    ChainResult intRevoked = check(checker(options()), pki);
    assertStatus(RevocationStatus.REVOKED, intRevoked);
    assertTrue(
        intRevoked.failureMessage("signing").get().contains("CN=Rev Intermediate"),
        "the revoked certificate is named");

    server.bytes("/int.crl", RevocationPki.crl(pki.root, NOW, List.of()));
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            pki.intermediate,
            NOW.minusSeconds(7200),
            Optional.of(NOW.minusSeconds(3600)),
            1,
            Optional.empty(),
            List.of(),
            List.of()));
    ChainResult expired = check(checker(options()), pki);
    assertStatus(RevocationStatus.UNKNOWN, expired);
    assertTrue(expired.failureMessage("signing").get().contains("CRL expired"));
  }

  @Test
  void crlMustBeSignedByTheIssuerAndCurrent() throws Exception {
    RevocationPki pki = leafCrl();
    // signed by the root, not the leaf's issuer
    server.bytes("/leaf.crl", RevocationPki.crl(pki.root, NOW, List.of()));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
    // same name, other key
    CertificateAuthority impostor =
        CertificateAuthority.root(RevocationPki.INTERMEDIATE_DN, KeySpec.EC_P256);
    server.bytes("/leaf.crl", RevocationPki.crl(impostor, NOW, List.of()));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
    // no nextUpdate
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            pki.intermediate,
            NOW.minusSeconds(60),
            Optional.empty(),
            1,
            Optional.empty(),
            List.of(),
            List.of()));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
    server.status("/leaf.crl", 404);
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
  }

  @Test
  void everyDistributionPointCounts() throws Exception {
    RevocationPki pki =
        new RevocationPki(
            List.of(), List.of(), List.of(), List.of(server.url("/a.crl"), server.url("/b.crl")));
    server.bytes("/a.crl", RevocationPki.crl(pki.intermediate, NOW, List.of()));
    server.bytes(
        "/b.crl",
        RevocationPki.crl(
            pki.intermediate,
            NOW,
            List.of(Revoked.of(pki.leaf.certificate(), NOW.minusSeconds(5)))));
    assertStatus(RevocationStatus.REVOKED, check(checker(options()), pki));
    server.status("/b.crl", 503);
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
    server.bytes("/b.crl", RevocationPki.crl(pki.intermediate, NOW, List.of()));
    assertStatus(RevocationStatus.GOOD, check(checker(options()), pki));
  }

  @Test
  void unreachableOrUnknownOcspFallsBackToCrl() throws Exception {
    RevocationPki pki =
        new RevocationPki(
            List.of(), List.of(), List.of(UNREACHABLE), List.of(server.url("/leaf.crl")));
    server.bytes("/leaf.crl", RevocationPki.crl(pki.intermediate, NOW, List.of()));
    ChainResult good = check(checker(options()), pki);
    assertStatus(RevocationStatus.GOOD, good);
    assertEquals(Method.OCSP_FALLBACK_CRL, good.certificates().get(0).method());
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            pki.intermediate,
            NOW,
            List.of(Revoked.of(pki.leaf.certificate(), NOW.minusSeconds(5)))));
    assertStatus(RevocationStatus.REVOKED, check(checker(options()), pki));

    // an OCSP "unknown" also falls back; an OCSP "revoked" does not
    RevocationPki both =
        new RevocationPki(
            List.of(), List.of(), List.of(server.url("/ocsp")), List.of(server.url("/both.crl")));
    server.bytes("/both.crl", RevocationPki.crl(both.intermediate, NOW, List.of()));
    server.ocsp("/ocsp", id -> RevocationPki.ocsp(id, Status.UNKNOWN, both.intermediate, NOW));
    assertStatus(RevocationStatus.GOOD, check(checker(options()), both));
    server.ocsp("/ocsp", id -> RevocationPki.ocsp(id, Status.REVOKED, both.intermediate, NOW));
    assertStatus(RevocationStatus.REVOKED, check(checker(options()), both));
    // both unavailable: unknown, never good
    RevocationPki none =
        new RevocationPki(
            List.of(), List.of(), List.of(UNREACHABLE), List.of(UNREACHABLE + ".crl"));
    ChainResult r = check(checker(options()), none);
    assertStatus(RevocationStatus.UNKNOWN, r);
    assertTrue(r.failureMessage("signing").get().contains("OCSP:"));
  }

  @Test
  void deltaCrl() throws Exception {
    RevocationPki pki = leafCrl();
    String delta = server.url("/delta.crl");
    CertificateAuthority ca = pki.intermediate;
    Optional<Instant> next = Optional.of(NOW.plusSeconds(3600));
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            ca, NOW.minusSeconds(60), next, 5, Optional.empty(), List.of(delta), List.of()));
    server.bytes(
        "/delta.crl",
        RevocationPki.crl(
            ca,
            NOW.minusSeconds(30),
            next,
            6,
            Optional.of(5L),
            List.of(),
            List.of(Revoked.of(pki.leaf.certificate(), NOW.minusSeconds(40)))));
    assertStatus(RevocationStatus.REVOKED, check(checker(options()), pki));
    // a delta whose number is not above the base's is not used
    server.bytes(
        "/delta.crl",
        RevocationPki.crl(
            ca, NOW.minusSeconds(30), next, 5, Optional.of(5L), List.of(), List.of()));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
    // a delta based on a newer CRL than the base is not used
    server.bytes(
        "/delta.crl",
        RevocationPki.crl(
            ca, NOW.minusSeconds(30), next, 8, Optional.of(7L), List.of(), List.of()));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
    // a full CRL where the delta should be
    server.bytes("/delta.crl", RevocationPki.crl(ca, NOW, List.of()));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
    // announced but missing
    server.status("/delta.crl", 404);
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
    server.bytes(
        "/delta.crl",
        RevocationPki.crl(
            ca, NOW.minusSeconds(30), next, 6, Optional.of(5L), List.of(), List.of()));
    assertStatus(RevocationStatus.GOOD, check(checker(options()), pki));
    // a delta CRL served as the base
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            ca, NOW.minusSeconds(30), next, 6, Optional.of(5L), List.of(), List.of()));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(options()), pki));
  }

  @Test
  void holdThenRemoveFromCrl() throws Exception {
    RevocationPki pki = leafCrl();
    String delta = server.url("/delta.crl");
    CertificateAuthority ca = pki.intermediate;
    Optional<Instant> next = Optional.of(NOW.plusSeconds(3600));
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            ca,
            NOW.minusSeconds(600),
            next,
            10,
            Optional.empty(),
            List.of(delta),
            List.of(
                Revoked.of(
                    pki.leaf.certificate(), NOW.minusSeconds(700), CRLReason.certificateHold))));
    server.bytes(
        "/delta.crl",
        RevocationPki.crl(
            ca, NOW.minusSeconds(60), next, 11, Optional.of(10L), List.of(), List.of()));
    assertStatus(RevocationStatus.REVOKED, check(checker(options()), pki));
    server.bytes(
        "/delta.crl",
        RevocationPki.crl(
            ca,
            NOW.minusSeconds(60),
            next,
            12,
            Optional.of(10L),
            List.of(),
            List.of(
                Revoked.of(
                    pki.leaf.certificate(), NOW.minusSeconds(120), CRLReason.removeFromCRL))));
    assertStatus(RevocationStatus.GOOD, check(checker(options()), pki));
  }

  @Test
  void crlInvalidityDateUnderTheSigningAuthorityScheme() throws Exception {
    RevocationPki pki = leafCrl();
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            pki.intermediate,
            NOW,
            List.of(
                new Revoked(
                    pki.leaf.certificate().getSerialNumber(),
                    NOW.minusSeconds(60),
                    Optional.of(CRLReason.keyCompromise),
                    Optional.of(NOW.minusSeconds(600))))));
    RevocationChecker c = checker(options());
    Deadline d = Deadline.after(Duration.ofSeconds(30));
    assertStatus(
        RevocationStatus.GOOD, c.check(pki.chain(), Optional.of(NOW.minusSeconds(1200)), d));
    assertStatus(
        RevocationStatus.REVOKED, c.check(pki.chain(), Optional.of(NOW.minusSeconds(300)), d));
    assertStatus(RevocationStatus.REVOKED, c.check(pki.chain(), Optional.empty(), d));
  }

  // ---- bounds ----

  @Test
  void oversizedResponsesAreUnknown() throws Exception {
    RevocationPki pki = leafOcsp();
    server.bytes("/ocsp", new byte[RevocationOptions.DEFAULT_MAX_OCSP_RESPONSE_BYTES + 1]);
    ChainResult r = check(checker(options()), pki);
    assertStatus(RevocationStatus.UNKNOWN, r);
    assertTrue(r.failureMessage("signing").get().contains("exceeds"));

    RevocationPki crl = leafCrl();
    byte[] real = RevocationPki.crl(crl.intermediate, NOW, List.of());
    server.bytes("/leaf.crl", real);
    assertStatus(
        RevocationStatus.UNKNOWN,
        check(checker(options().withLimits(20 * 1024, real.length - 1)), crl));
    assertStatus(
        RevocationStatus.GOOD, check(checker(options().withLimits(20 * 1024, real.length)), crl));
  }

  @Test
  void stalledResponsesAreBoundedByTheTimeoutAndTheDeadline() throws Exception {
    RevocationPki pki = leafCrl();
    server.stall("/leaf.crl", Duration.ofSeconds(30));
    long start = System.nanoTime();
    ChainResult r =
        checker(options().withTimeout(Duration.ofMillis(500)))
            .check(pki.chain(), Optional.empty(), Deadline.after(Duration.ofSeconds(30)));
    assertStatus(RevocationStatus.UNKNOWN, r);
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);

    start = System.nanoTime();
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                checker(options().withTimeout(Duration.ofSeconds(30)))
                    .check(pki.chain(), Optional.empty(), Deadline.after(Duration.ofMillis(600))));
    assertEquals(ErrorCode.TIMEOUT, e.code());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
  }

  @Test
  void onlyHttpUrlsAreUsed() throws Exception {
    RevocationPki pki =
        new RevocationPki(
            List.of(), List.of(), List.of("https://127.0.0.1:1/ocsp"), List.of("ldap://ca/crl"));
    ChainResult r = check(checker(options()), pki);
    assertStatus(RevocationStatus.UNKNOWN, r);
    assertTrue(r.failureMessage("signing").get().contains("only http URLs"));
  }

  @Test
  void nonRevocableCertificatesAndTheRootAreNotChecked() throws Exception {
    CertificateAuthority root =
        CertificateAuthority.root(
            CertificateProfile.ca("CN=Root With CRL,O=Acme,ST=WA,C=US").toBuilder()
                .crlUrls(List.of(UNREACHABLE))
                .ocspUrls(List.of(UNREACHABLE))
                .build(),
            KeySpec.EC_P256);
    IssuedCertificate leaf = root.codeSigningLeaf(RevocationPki.LEAF_DN, KeySpec.EC_P256);
    ChainResult r =
        checker(options())
            .check(leaf.chain(), Optional.empty(), Deadline.after(Duration.ofSeconds(5)));
    assertStatus(RevocationStatus.GOOD, r);
    assertEquals(1, r.certificates().size());
    assertEquals(Method.NONE, r.certificates().get(0).method());
    assertTrue(
        checker(options())
            .check(
                List.of(root.certificate()),
                Optional.empty(),
                Deadline.after(Duration.ofSeconds(5)))
            .certificates()
            .isEmpty());
  }

  // ---- cache and offline ----

  @Test
  void crlCacheSurvivesARestartAndServesOfflineMode() throws Exception {
    RevocationPki pki = leafCrl();
    server.bytes("/leaf.crl", RevocationPki.crl(pki.intermediate, NOW, List.of()));
    Path dir = tmp.resolve("crl.cache");
    RevocationChecker first = checker(options().withCrlCacheDirectory(dir));
    assertStatus(RevocationStatus.GOOD, check(first, pki));
    assertStatus(RevocationStatus.GOOD, check(first, pki));
    assertEquals(1, server.hits("/leaf.crl"), "the second check is answered from memory");
    assertTrue(Files.isRegularFile(dir.resolve(CrlCache.fileName(server.url("/leaf.crl")))));

    // "restart": a new checker, the server now fails
    server.status("/leaf.crl", 500);
    assertStatus(RevocationStatus.GOOD, check(checker(options().withCrlCacheDirectory(dir)), pki));
    assertEquals(1, server.hits("/leaf.crl"));

    // offline: a hit
    RevocationChecker offline = checker(options().withCrlCacheDirectory(dir).withOffline(true));
    assertStatus(RevocationStatus.GOOD, check(offline, pki));
    assertEquals(1, server.hits("/leaf.crl"));
    // offline: a miss (another PKI whose CRL was never fetched)
    RevocationPki other = leafCrl();
    ChainResult miss = check(offline, other);
    assertStatus(RevocationStatus.UNKNOWN, miss);
    assertTrue(
        miss.failureMessage("signing")
            .get()
            .contains("revocation status unknown (offline, not cached)"),
        miss.failureMessage("signing").get());
    // offline with an OCSP-only certificate
    ChainResult ocspOnly = check(offline, leafOcsp());
    assertStatus(RevocationStatus.UNKNOWN, ocspOnly);
    assertTrue(
        ocspOnly
            .failureMessage("signing")
            .get()
            .contains("revocation status unknown (offline, not cached)"));
    assertEquals(0, server.hits("/ocsp"));
  }

  @Test
  void revokedAnswersAreCachedToo() throws Exception {
    RevocationPki pki = leafCrl();
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            pki.intermediate,
            NOW,
            List.of(Revoked.of(pki.leaf.certificate(), NOW.minusSeconds(5)))));
    Path dir = tmp.resolve("cache");
    assertStatus(
        RevocationStatus.REVOKED, check(checker(options().withCrlCacheDirectory(dir)), pki));
    assertStatus(
        RevocationStatus.REVOKED,
        check(checker(options().withCrlCacheDirectory(dir).withOffline(true)), pki));
  }

  @Test
  void aTamperedCacheFileIsAMissNeverTrusted() throws Exception {
    RevocationPki pki = leafCrl();
    String url = server.url("/leaf.crl");
    server.bytes("/leaf.crl", RevocationPki.crl(pki.intermediate, NOW, List.of()));
    Path dir = tmp.resolve("crl.cache");
    assertStatus(RevocationStatus.GOOD, check(checker(options().withCrlCacheDirectory(dir)), pki));
    Path file = dir.resolve(CrlCache.fileName(url));
    byte[] good = Files.readAllBytes(file);

    byte[] flipped = good.clone();
    flipped[flipped.length / 2] ^= 0x01;
    Files.write(file, flipped);
    RevocationOptions offline = options().withCrlCacheDirectory(dir).withOffline(true);
    assertStatus(RevocationStatus.UNKNOWN, check(checker(offline), pki));

    // a valid CRL from another CA in the file
    Files.write(file, RevocationPki.crl(pki.root, NOW, List.of()));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(offline), pki));
    // an expired CRL from the right CA
    Files.write(
        file,
        RevocationPki.crl(
            pki.intermediate,
            NOW.minusSeconds(7200),
            Optional.of(NOW.minusSeconds(60)),
            1,
            Optional.empty(),
            List.of(),
            List.of()));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(offline), pki));
    // truncated, empty, and a directory in its place
    Files.write(file, java.util.Arrays.copyOf(good, good.length - 3));
    assertStatus(RevocationStatus.UNKNOWN, check(checker(offline), pki));
    Files.write(file, new byte[0]);
    assertStatus(RevocationStatus.UNKNOWN, check(checker(offline), pki));

    // online, a tampered file is refetched and replaced
    Files.write(file, flipped);
    int before = server.hits("/leaf.crl");
    assertStatus(RevocationStatus.GOOD, check(checker(options().withCrlCacheDirectory(dir)), pki));
    assertEquals(before + 1, server.hits("/leaf.crl"));
    assertTrue(java.util.Arrays.equals(good, Files.readAllBytes(file)) || Files.size(file) > 0);
    assertStatus(RevocationStatus.GOOD, check(checker(offline), pki));
    try (var files = Files.list(dir)) {
      assertFalse(
          files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")),
          "no temporary files are left behind");
    }
  }

  @Test
  void anExpiredCachedCrlIsFetchedAgain() throws Exception {
    RevocationPki pki = leafCrl();
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            pki.intermediate,
            NOW.minusSeconds(100),
            Optional.of(NOW.plusSeconds(1)),
            1,
            Optional.empty(),
            List.of(),
            List.of()));
    Path dir = tmp.resolve("c");
    assertStatus(RevocationStatus.GOOD, check(checker(options().withCrlCacheDirectory(dir)), pki));
    RevocationChecker later =
        new RevocationChecker(
            options().withCrlCacheDirectory(dir), Clock.fixed(NOW.plusSeconds(5), ZoneOffset.UTC));
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            pki.intermediate,
            NOW,
            List.of(Revoked.of(pki.leaf.certificate(), NOW.minusSeconds(1)))));
    assertStatus(RevocationStatus.REVOKED, check(later, pki));
    assertEquals(2, server.hits("/leaf.crl"));
  }

  @Test
  void timestampingChainsFailAsAuthenticTimestamp() throws Exception {
    RevocationPki pki = leafCrl();
    server.bytes(
        "/leaf.crl",
        RevocationPki.crl(
            pki.intermediate,
            NOW,
            List.of(Revoked.of(pki.leaf.certificate(), NOW.minusSeconds(5)))));
    io.ratify.notation.internal.VerificationFailure f =
        assertThrows(
            io.ratify.notation.internal.VerificationFailure.class,
            () ->
                checker(options())
                    .checkTimestampingChain(pki.chain(), Deadline.after(Duration.ofSeconds(30))));
    assertEquals(io.ratify.notation.internal.Check.AUTHENTIC_TIMESTAMP, f.check());
    assertTrue(f.reason().startsWith("timestamping certificate with subject"), f.reason());
    server.bytes("/leaf.crl", RevocationPki.crl(pki.intermediate, NOW, List.of()));
    checker(options()).checkTimestampingChain(pki.chain(), Deadline.after(Duration.ofSeconds(30)));
  }
}
