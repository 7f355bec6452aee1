package io.ratify.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.PolicyEnforcer;
import io.ratify.api.PolicyEvaluator;
import io.ratify.api.RatifyException;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerificationResult;
import io.ratify.api.VerifierReport;
import io.ratify.core.internal.policy.ConfigPolicyFactory;
import io.ratify.core.testing.InMemoryStore;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ExecutorTest {
  static final String SIG = MediaTypes.NOTARY_SIGNATURE;
  static final String SBOM = "application/spdx+json";
  static final String SUBJECT = "registry.test/app:v1";

  static PolicyEnforcer configPolicy(Map<String, Object> avp) throws RatifyException {
    return new ConfigPolicyFactory()
        .create(
            PluginConfig.of(
                PluginKind.POLICY,
                "p",
                "config-policy",
                Map.of("artifactVerificationPolicies", avp)),
            null);
  }

  static ValidationResult validate(InMemoryStore store, Executor.Builder b) throws RatifyException {
    try (Executor e = b.store(store).build()) {
      return e.validate(SUBJECT);
    }
  }

  @Test
  void runsEveryMatchingVerifierNotOnlyTheFirst() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    Descriptor sig = sb.referrer(image, SIG);
    FakeVerifier b = FakeVerifier.passing("b-verifier", SIG);
    FakeVerifier a = FakeVerifier.passing("a-verifier", SIG);
    FakeVerifier other = FakeVerifier.passing("sbom-verifier", SBOM);
    ValidationResult r =
        validate(sb.build(), Executor.builder().verifier(b).verifier(a).verifier(other));
    assertTrue(r.success(), r.reasons().toString());
    assertEquals(1, a.calls());
    assertEquals(1, b.calls());
    assertEquals(0, other.calls());
    assertEquals(
        List.of("a-verifier", "b-verifier"),
        r.verifierReports().stream().map(x -> x.verifierName().orElseThrow()).toList());
    VerifierReport first = r.verifierReports().get(0);
    assertEquals(Optional.of(sig.digest()), first.referenceDigest());
    assertEquals(Optional.of(SIG), first.artifactType());
    assertEquals("registry.test/app:v1", first.subject());
    assertEquals(Optional.of(image), r.subjectDescriptor());
  }

  @Test
  void unsignedSubjectFailsWithRatifysNoVerifierReport() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    sb.image(SUBJECT);
    ValidationResult r =
        validate(sb.build(), Executor.builder().verifier(FakeVerifier.passing("v", SIG)));
    assertFalse(r.success());
    assertEquals(1, r.verifierReports().size());
    VerifierReport rep = r.verifierReports().get(0);
    assertEquals(Optional.of(ErrorCode.NO_VERIFIER_REPORT), rep.result().errorCode());
    assertEquals("failed to verify artifact: registry.test/app:v1", rep.result().message());
    assertEquals(
        Optional.of(
            "No verification results for the artifact registry.test/app:v1. Ensure verifiers are properly "
                + "configured and that artifact metadata is attached"),
        rep.result().errorReason());
    assertTrue(rep.verifierName().isEmpty() && rep.referenceDigest().isEmpty());
  }

  @Test
  void referrerNoVerifierHandlesCountsAsUnsigned() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    sb.referrer(sb.image(SUBJECT), "application/vnd.example.unknown");
    ValidationResult r =
        validate(sb.build(), Executor.builder().verifier(FakeVerifier.passing("v", SIG)));
    assertFalse(r.success());
    assertEquals(
        Optional.of(ErrorCode.NO_VERIFIER_REPORT), r.verifierReports().get(0).result().errorCode());
  }

  @Test
  void anyAllowsOneGoodSignatureAmongBadOnes() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    Descriptor bad1 = sb.referrer(image, SIG);
    sb.referrer(image, SIG);
    Descriptor bad2 = sb.referrer(image, SIG);
    FakeVerifier v =
        FakeVerifier.failingOn(
            "notation", Set.of(bad1.digest().toString(), bad2.digest().toString()), SIG);
    ValidationResult any =
        validate(
            sb.build(), Executor.builder().verifier(v).policy(configPolicy(Map.of(SIG, "any"))));
    assertTrue(any.success(), any.reasons().toString());
    FakeVerifier v2 =
        FakeVerifier.failingOn(
            "notation", Set.of(bad1.digest().toString(), bad2.digest().toString()), SIG);
    ValidationResult all =
        validate(
            sb.build(), Executor.builder().verifier(v2).policy(configPolicy(Map.of(SIG, "all"))));
    assertFalse(all.success());
    assertTrue(
        all.reasons().stream().anyMatch(s -> s.contains("requires all")), all.reasons().toString());
  }

  @Test
  void defaultIsAllAndCanBeRelaxedToAny() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    Descriptor bad = sb.referrer(image, SIG);
    sb.referrer(image, SIG);
    InMemoryStore store = sb.build();
    Set<String> badSet = Set.of(bad.digest().toString());
    assertFalse(
        validate(store, Executor.builder().verifier(FakeVerifier.failingOn("n", badSet, SIG)))
            .success());
    assertTrue(
        validate(
                store,
                Executor.builder()
                    .verifier(FakeVerifier.failingOn("n", badSet, SIG))
                    .policy(configPolicy(Map.of("default", "any"))))
            .success());
  }

  @Test
  void everyListedArtifactTypeMustAppear() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    sb.referrer(sb.image(SUBJECT), SIG);
    ValidationResult r =
        validate(
            sb.build(),
            Executor.builder()
                .verifier(FakeVerifier.passing("n", SIG))
                .policy(configPolicy(Map.of(SIG, "any", SBOM, "any"))));
    assertFalse(r.success());
    assertTrue(r.reasons().stream().anyMatch(s -> s.contains(SBOM)), r.reasons().toString());
  }

  @Test
  void unknownPolicyValueNeverSatisfies() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    sb.referrer(sb.image(SUBJECT), SIG);
    ValidationResult r =
        validate(
            sb.build(),
            Executor.builder()
                .verifier(FakeVerifier.passing("n", SIG))
                .policy(configPolicy(Map.of(SIG, "Any"))));
    assertFalse(r.success());
    assertTrue(
        r.reasons().stream().anyMatch(s -> s.contains("neither 'any' nor 'all'")),
        r.reasons().toString());
  }

  @Test
  void nestedReferrersAreVerifiedAndAFailureFailsTheParent() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    Descriptor sbom = sb.referrer(image, SBOM);
    Descriptor sbomSig = sb.referrer(sbom, SIG);
    FakeVerifier sbomV = FakeVerifier.passing("sbom", SBOM);
    FakeVerifier sigV = FakeVerifier.failing("notation", SIG);
    // one worker makes the order fixed: the SBOM verifies before its signature fails (which
    // decides, under "all")
    ValidationResult r =
        validate(sb.build(), Executor.builder().concurrency(1).verifier(sbomV).verifier(sigV));
    assertFalse(r.success());
    assertEquals(1, r.verifierReports().size());
    assertEquals(Optional.of("sbom"), r.verifierReports().get(0).verifierName());
    VerifierReport top = r.verifierReports().get(0);
    assertEquals("nested verification failed", top.result().message());
    assertFalse(top.success());
    assertEquals(1, top.nestedResults().size());
    VerifierReport nested = top.nestedResults().get(0);
    assertEquals(Optional.of(sbomSig.digest()), nested.referenceDigest());
    assertEquals("registry.test/app@" + sbom.digest(), nested.subject());
    assertEquals(1, sigV.calls());

    // a passing nested signature makes everything pass
    InMemoryStore.Builder sb2 = InMemoryStore.builder();
    Descriptor sbom2 = sb2.referrer(sb2.image(SUBJECT), SBOM);
    sb2.referrer(sbom2, SIG);
    ValidationResult ok =
        validate(
            sb2.build(),
            Executor.builder()
                .verifier(FakeVerifier.passing("sbom", SBOM))
                .verifier(FakeVerifier.passing("notation", SIG)));
    assertTrue(ok.success(), ok.reasons().toString());
    assertEquals(1, ok.verifierReports().get(0).nestedResults().size());
  }

  @Test
  void nestedLevelWithoutReferrersIsFineAndDepthIsBounded() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    Descriptor sbom = sb.referrer(image, SBOM);
    sb.referrer(sbom, SIG);
    InMemoryStore store = sb.build();
    FakeVerifier sigV = FakeVerifier.failing("notation", SIG);
    ValidationResult shallow =
        validate(
            store,
            Executor.builder()
                .maxDepth(0)
                .verifier(FakeVerifier.passing("sbom", SBOM))
                .verifier(sigV));
    assertTrue(shallow.success(), "depth 0 never looks below the subject's referrers");
    assertEquals(0, sigV.calls());
    assertTrue(shallow.verifierReports().get(0).nestedResults().isEmpty());

    InMemoryStore.Builder lone = InMemoryStore.builder();
    lone.referrer(lone.image(SUBJECT), SIG);
    InMemoryStore loneStore = lone.build();
    ValidationResult r =
        validate(loneStore, Executor.builder().verifier(FakeVerifier.passing("notation", SIG)));
    assertTrue(r.success());
    assertEquals(
        2,
        loneStore.calls(InMemoryStore.Operation.LIST_REFERRERS),
        "the signature's own referrers are listed too");
  }

  @Test
  void underAnyPruningSkipsFurtherArtifactsOfTheSatisfiedType() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    for (int i = 0; i < 5; i++) {
      sb.referrer(image, SIG);
    }
    InMemoryStore store = sb.build();
    FakeVerifier any = FakeVerifier.passing("notation", SIG);
    ValidationResult r =
        validate(
            store,
            Executor.builder()
                .concurrency(1)
                .verifier(any)
                .policy(configPolicy(Map.of(SIG, "any"))));
    assertTrue(r.success());
    FakeVerifier all = FakeVerifier.passing("notation", SIG);
    ValidationResult r2 =
        validate(
            store,
            Executor.builder()
                .concurrency(1)
                .verifier(all)
                .policy(configPolicy(Map.of(SIG, "all"))));
    assertTrue(r2.success());
    assertEquals(5, all.calls(), "all needs every signature");
    assertEquals(1, any.calls(), "any stops after the first good signature");
    assertEquals(1, r.verifierReports().size());
  }

  @Test
  void underAllAFailureDecidesAndPrunesTheRest() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    for (int i = 0; i < 5; i++) {
      sb.referrer(image, SIG);
    }
    FakeVerifier v = FakeVerifier.failing("notation", SIG);
    ValidationResult r = validate(sb.build(), Executor.builder().concurrency(1).verifier(v));
    assertFalse(r.success());
    assertEquals(1, v.calls());
  }

  @Test
  void deadlineTurnsABlockedVerifierIntoATimeoutFailure() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    sb.referrer(sb.image(SUBJECT), SIG);
    CountDownLatch never = new CountDownLatch(1);
    FakeVerifier blocked =
        FakeVerifier.with(
            "stuck",
            req -> {
              try {
                never.await(); // ignores its deadline on purpose
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return FakeVerifier.ok(); // a late success must not count
            },
            SIG);
    ValidationResult r =
        validate(sb.build(), Executor.builder().timeout(Duration.ofMillis(300)).verifier(blocked));
    assertFalse(r.success());
    VerifierReport rep = r.verifierReports().get(0);
    assertEquals(Optional.of(ErrorCode.TIMEOUT), rep.result().errorCode());
    assertEquals(Optional.of("stuck"), rep.verifierName());
    assertTrue(r.reasons().stream().anyMatch(s -> s.contains("deadline")), r.reasons().toString());
  }

  @Test
  void aPolicyStillOpeningAtTheDeadlineIsATimeoutNotAnException() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    sb.referrer(sb.image(SUBJECT), SIG);
    CountDownLatch release = new CountDownLatch(1);
    PolicyEnforcer configured = configPolicy(Map.of(SIG, "all"));
    PolicyEnforcer slowToOpen =
        new PolicyEnforcer() {
          @Override
          public String type() {
            return "slow-to-open";
          }

          @Override
          public PolicyEvaluator evaluator(Descriptor subject) {
            try {
              release.await(30, TimeUnit.SECONDS); // ignores its deadline on purpose
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return configured.evaluator(subject);
          }
        };
    try {
      ValidationResult r =
          validate(
              sb.build(),
              Executor.builder()
                  .timeout(Duration.ofMillis(300))
                  .verifier(FakeVerifier.passing("n", SIG))
                  .policy(slowToOpen));
      assertFalse(r.success());
      assertEquals(Optional.of(ErrorCode.TIMEOUT), r.verifierReports().get(0).result().errorCode());
      assertTrue(
          r.reasons().stream().anyMatch(s -> s.contains("did not finish")), r.reasons().toString());
    } finally {
      release.countDown();
    }
  }

  @Test
  void slowListingIsATimeoutNotNoSignatures() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder().latency(Duration.ofMillis(250));
    sb.referrer(sb.image(SUBJECT), SIG);
    ValidationResult r =
        validate(
            sb.build(),
            Executor.builder()
                .timeout(Duration.ofMillis(400))
                .verifier(FakeVerifier.passing("n", SIG)));
    assertFalse(r.success());
    ErrorCode code = r.verifierReports().get(0).result().errorCode().orElseThrow();
    assertEquals(ErrorCode.TIMEOUT, code);
  }

  @Test
  void listingFailureIsAReferrerStoreFailureUnderEveryPolicy() throws Exception {
    for (Map<String, Object> p :
        List.<Map<String, Object>>of(Map.of("default", "any"), Map.of(), Map.of(SIG, "any"))) {
      InMemoryStore.Builder sb = InMemoryStore.builder().failListing(ErrorCode.THROTTLED);
      sb.referrer(sb.image(SUBJECT), SIG);
      ValidationResult r =
          validate(
              sb.build(),
              Executor.builder().verifier(FakeVerifier.passing("n", SIG)).policy(configPolicy(p)));
      assertFalse(r.success());
      VerifierReport rep = r.verifierReports().get(0);
      assertEquals(Optional.of(ErrorCode.REFERRER_STORE_FAILURE), rep.result().errorCode());
      assertTrue(rep.result().errorReason().orElseThrow().contains("told to fail listing"));
    }
  }

  @Test
  void nestedListingFailureFailsAnOtherwiseAllowedResult() throws Exception {
    InMemoryStore.Builder sb =
        InMemoryStore.builder().throttleAfter(2); // resolve, list root, then throttled
    sb.referrer(sb.image(SUBJECT), SIG);
    ValidationResult r =
        validate(
            sb.build(),
            Executor.builder()
                .concurrency(1)
                .verifier(FakeVerifier.passing("n", SIG))
                .policy(configPolicy(Map.of("default", "any"))));
    assertFalse(r.success());
    VerifierReport top = r.verifierReports().get(0);
    assertEquals("nested verification failed", top.result().message());
    assertEquals(
        Optional.of(ErrorCode.REFERRER_STORE_FAILURE),
        top.nestedResults().get(0).result().errorCode());
  }

  @Test
  void unresolvableSubjectThrowsWithTheStoresCode() {
    InMemoryStore store = InMemoryStore.builder().build();
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> validate(store, Executor.builder().verifier(FakeVerifier.passing("n", SIG))));
    assertEquals(ErrorCode.RESOURCE_NOT_FOUND, e.code());
    RatifyException bad =
        assertThrows(
            RatifyException.class,
            () ->
                Executor.builder()
                    .store(store)
                    .verifier(FakeVerifier.passing("n", SIG))
                    .build()
                    .validate("UPPER/Case::x"));
    assertEquals(ErrorCode.REFERENCE_INVALID, bad.code());
    InMemoryStore throttled = InMemoryStore.builder().failResolve(ErrorCode.THROTTLED).build();
    RatifyException t =
        assertThrows(
            RatifyException.class,
            () -> validate(throttled, Executor.builder().verifier(FakeVerifier.passing("n", SIG))));
    assertEquals(ErrorCode.THROTTLED, t.code());
  }

  @Test
  void concurrencyStaysWithinItsBound() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    for (int i = 0; i < 12; i++) {
      sb.referrer(image, SIG);
    }
    InMemoryStore store = sb.build();
    for (int bound : new int[] {1, 3}) {
      List<FakeVerifier> holder = new ArrayList<>();
      FakeVerifier v =
          FakeVerifier.with(
              "n",
              req -> {
                // hold the slot until the others could have arrived, so an unbounded executor would
                // show more than the bound
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                while (holder.get(0).active() < bound + 1 && System.nanoTime() < until) {
                  Thread.onSpinWait();
                }
                return FakeVerifier.ok();
              },
              SIG);
      holder.add(v);
      ValidationResult r =
          validate(store, Executor.builder().concurrency(bound).maxDepth(0).verifier(v));
      assertTrue(r.success());
      assertEquals(12, v.calls());
      assertTrue(
          v.maxActive() <= bound, "saw " + v.maxActive() + " simultaneous calls, bound " + bound);
      assertEquals(bound, v.maxActive(), "the bound is also reached");
    }
  }

  @Test
  void verifierExceptionsBecomeFailedReports() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    sb.referrer(sb.image(SUBJECT), SIG);
    InMemoryStore store = sb.build();
    FakeVerifier boom =
        FakeVerifier.with(
            "boom",
            req -> {
              throw new IllegalStateException("kaput");
            },
            SIG);
    FakeVerifier typed =
        new FakeVerifier(
            "typed",
            Set.of(SIG),
            req -> {
              throw new RatifyException(ErrorCode.GET_BLOB_CONTENT_FAILURE, "blob gone");
            });
    ValidationResult r =
        validate(
            store,
            Executor.builder()
                .verifier(boom)
                .verifier(typed)
                .policy(configPolicy(Map.of("default", "any"))));
    assertFalse(r.success());
    for (VerifierReport rep : r.verifierReports()) {
      assertEquals(Optional.of(ErrorCode.VERIFY_PLUGIN_FAILURE), rep.result().errorCode());
    }
    assertEquals(
        Optional.of("IllegalStateException: kaput"),
        r.verifierReports().get(0).result().errorReason());
    assertEquals(Optional.of("blob gone"), r.verifierReports().get(1).result().errorReason());
  }

  @Test
  void allPagesAreListedAndBoundsFailClosed() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder().pageSize(2);
    Descriptor image = sb.image(SUBJECT);
    for (int i = 0; i < 7; i++) {
      sb.referrer(image, SIG);
    }
    InMemoryStore store = sb.build();
    FakeVerifier v = FakeVerifier.passing("n", SIG);
    ValidationResult r = validate(store, Executor.builder().maxDepth(0).verifier(v));
    assertTrue(r.success());
    assertEquals(7, v.calls());
    List<String> digests =
        r.verifierReports().stream()
            .map(x -> x.referenceDigest().orElseThrow().toString())
            .toList();
    assertEquals(
        digests.stream().sorted(Comparator.naturalOrder()).toList(),
        digests,
        "reports are ordered by referrer digest");

    ValidationResult pages =
        validate(
            store,
            Executor.builder().maxDepth(0).maxPages(3).verifier(FakeVerifier.passing("n", SIG)));
    assertFalse(pages.success());
    assertEquals(
        Optional.of(ErrorCode.SIZE_LIMIT_EXCEEDED),
        pages.verifierReports().get(0).result().errorCode());
    ValidationResult many =
        validate(
            store,
            Executor.builder()
                .maxDepth(0)
                .maxReferrers(5)
                .verifier(FakeVerifier.passing("n", SIG)));
    assertFalse(many.success());
    assertEquals(
        Optional.of(ErrorCode.SIZE_LIMIT_EXCEEDED),
        many.verifierReports().get(0).result().errorCode());
  }

  @Test
  void subjectLabelNamesTheReports() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    sb.referrer(sb.referrer(image, SBOM), SIG);
    try (Executor e =
        Executor.builder()
            .store(sb.build())
            .verifier(FakeVerifier.passing("s", SBOM))
            .verifier(FakeVerifier.passing("n", SIG))
            .build()) {
      ValidationResult r = e.validate(io.ratify.api.Reference.parse(SUBJECT), "layout-dir:v1");
      assertTrue(r.success());
      assertEquals("layout-dir:v1", r.subject());
      assertEquals("layout-dir:v1", r.verifierReports().get(0).subject());
      assertTrue(
          r.verifierReports()
              .get(0)
              .nestedResults()
              .get(0)
              .subject()
              .startsWith("layout-dir@sha256:"));
    }
  }

  @Test
  void builderRejectsBadOptions() {
    InMemoryStore s = InMemoryStore.builder().build();
    FakeVerifier v = FakeVerifier.passing("n", SIG);
    List<Executor.Builder> bad =
        List.of(
            Executor.builder().verifier(v),
            Executor.builder().store(s).store(s).verifier(v),
            Executor.builder().store(s),
            Executor.builder().store(s).verifier(v).verifier(FakeVerifier.passing("n", SBOM)),
            Executor.builder().store(s).verifier(v).concurrency(0),
            Executor.builder().store(s).verifier(v).concurrency(65),
            Executor.builder().store(s).verifier(v).maxDepth(9),
            Executor.builder().store(s).verifier(v).timeout(Duration.ZERO),
            Executor.builder().store(s).verifier(v).maxPages(0),
            Executor.builder().store(s).verifier(v).maxReferrers(10_001),
            Executor.builder().store(s).verifier(v).maxArtifacts(0),
            Executor.builder()
                .store(s)
                .verifier(v)
                .limits(io.ratify.core.config.ExecutorLimits.defaults())
                .maxDepth(-1));
    for (Executor.Builder b : bad) {
      RatifyException e = assertThrows(RatifyException.class, b::build);
      assertEquals(ErrorCode.CONFIG_INVALID, e.code());
      assertTrue(e.getMessage().contains("executor option"), e.getMessage());
    }
  }

  @Test
  void limitsSetAtOnceOrOneByOneAreTheSame() throws Exception {
    InMemoryStore s = InMemoryStore.builder().build();
    FakeVerifier v = FakeVerifier.passing("n", SIG);
    try (Executor oneByOne =
            Executor.builder()
                .store(s)
                .verifier(v)
                .timeout(Duration.ofSeconds(4))
                .concurrency(2)
                .maxDepth(1)
                .maxReferrers(7)
                .maxPages(2)
                .maxArtifacts(20)
                .build();
        Executor atOnce =
            Executor.builder().store(s).verifier(v).limits(oneByOne.limits()).build();
        Executor defaults = Executor.builder().store(s).verifier(v).build()) {
      assertEquals(
          "ExecutorLimits[timeout=PT4S, concurrency=2, maxDepth=1, maxReferrers=7, maxPages=2,"
              + " maxArtifacts=20]",
          oneByOne.limits().toString());
      assertEquals(oneByOne.limits(), atOnce.limits());
      assertEquals(Duration.ofSeconds(4), atOnce.timeout());
      assertEquals(io.ratify.core.config.ExecutorLimits.defaults(), defaults.limits());
    }
  }

  @Test
  void closedExecutorRefusesWork() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    sb.image(SUBJECT);
    Executor e =
        Executor.builder().store(sb.build()).verifier(FakeVerifier.passing("n", SIG)).build();
    e.close();
    e.close();
    assertEquals(
        ErrorCode.EXECUTOR_FAILURE,
        assertThrows(RatifyException.class, () -> e.validate(SUBJECT)).code());
  }

  @Test
  void aFailedResultIsRecordedByThePolicyAndAnyStillNeedsOneSuccess() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    sb.referrer(image, SIG);
    sb.referrer(image, SIG);
    FakeVerifier v =
        FakeVerifier.with(
            "n",
            req ->
                VerificationResult.failure(
                    ErrorCode.SIGNATURE_EXPIRED,
                    "expired",
                    "expired",
                    Optional.of("renew"),
                    Map.of()),
            SIG);
    ValidationResult r =
        validate(
            sb.build(), Executor.builder().verifier(v).policy(configPolicy(Map.of(SIG, "any"))));
    assertFalse(r.success());
    assertEquals(2, v.calls());
    assertEquals(Optional.of("renew"), r.verifierReports().get(0).result().remediation());
  }

  @Test
  void closingTheExecutorEndsRunningAndQueuedValidationsAtOnce() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    sb.referrer(image, SIG);
    sb.referrer(image, SIG);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeVerifier stuck =
        FakeVerifier.with(
            "stuck",
            req -> {
              started.countDown();
              while (true) {
                try {
                  release.await(); // ignores interrupts on purpose, like a plugin blocked in native
                  // code
                  return FakeVerifier.ok();
                } catch (InterruptedException e) {
                  // keep waiting
                }
              }
            },
            SIG);
    // one worker, and a deadline far beyond the test's own timeout: only close() can end these
    // validations
    Executor e =
        Executor.builder()
            .store(sb.build())
            .concurrency(1)
            .timeout(Duration.ofHours(1))
            .verifier(stuck)
            .build();
    java.util.concurrent.ExecutorService callers =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Future<ValidationResult> running =
          callers.submit(() -> e.validate(SUBJECT));
      assertTrue(started.await(30, TimeUnit.SECONDS));
      // this one's resolution waits in the queue behind the stuck verifier
      java.util.concurrent.atomic.AtomicReference<Thread> caller =
          new java.util.concurrent.atomic.AtomicReference<>();
      java.util.concurrent.Future<ValidationResult> queued =
          callers.submit(
              () -> {
                caller.set(Thread.currentThread());
                return e.validate(SUBJECT);
              });
      while (caller.get() == null || caller.get().getState() != Thread.State.TIMED_WAITING) {
        Thread.sleep(10);
      }
      e.close();
      ValidationResult r = running.get(30, TimeUnit.SECONDS);
      assertFalse(r.success());
      assertTrue(r.reasons().stream().anyMatch(s -> s.contains("closed")), r.reasons().toString());
      java.util.concurrent.ExecutionException x =
          assertThrows(
              java.util.concurrent.ExecutionException.class,
              () -> queued.get(30, TimeUnit.SECONDS));
      RatifyException cause = assertInstanceOf(RatifyException.class, x.getCause());
      assertEquals(ErrorCode.CANCELLED, cause.code(), cause.getMessage());
    } finally {
      release.countDown();
      callers.shutdownNow();
    }
  }
}
