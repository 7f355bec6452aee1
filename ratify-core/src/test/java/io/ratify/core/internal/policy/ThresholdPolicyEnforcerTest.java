package io.ratify.core.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.PolicyEnforcer;
import io.ratify.api.RatifyException;
import io.ratify.api.ValidationResult;
import io.ratify.core.Executor;
import io.ratify.core.FakeVerifier;
import io.ratify.core.testing.InMemoryStore;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ThresholdPolicyEnforcerTest {
  static final String SIG = MediaTypes.NOTARY_SIGNATURE;
  static final String SBOM = "application/spdx+json";
  static final String SUBJECT = "registry.test/app:v1";

  static PolicyEnforcer policy(Object tree) throws RatifyException {
    return new ThresholdPolicyFactory()
        .create(
            PluginConfig.of(PluginKind.POLICY, "p", "threshold-policy", Map.of("policy", tree)),
            null);
  }

  static Map<String, Object> rule(String verifier) {
    return Map.of("verifierName", verifier);
  }

  static ValidationResult run(InMemoryStore store, PolicyEnforcer p, FakeVerifier... vs)
      throws RatifyException {
    try (Executor e =
        Executor.builder().store(store).concurrency(1).verifiers(List.of(vs)).policy(p).build()) {
      return e.validate(SUBJECT);
    }
  }

  @Test
  void rejectsInvalidRuleTreesLikeRatifyGo() {
    List<Object> bad =
        List.of(
            Map.of("rules", List.of()), // root without rules
            Map.of("verifierName", "x", "rules", List.of(rule("n"))), // root names a verifier
            Map.of("threshold", 2, "rules", List.of(rule("n"))), // threshold above rule count
            Map.of("threshold", -1, "rules", List.of(rule("n"))), // negative
            Map.of("rules", List.of(Map.of("threshold", 0))), // group without rules
            Map.of("rules", List.of(Map.of("verifierName", "n", "treshold", 1))), // typo'd field
            Map.of("rules", List.of(Map.of("verifierName", 5))), // mistyped name
            Map.of("rules", "notation"), // mistyped rules
            "notation"); // not a rule at all
    for (Object tree : bad) {
      RatifyException e = assertThrows(RatifyException.class, () -> policy(tree), tree.toString());
      assertEquals(ErrorCode.CONFIG_INVALID, e.code());
      assertTrue(e.getMessage().contains("parameters.policy"), e.getMessage());
    }
    RatifyException missing =
        assertThrows(
            RatifyException.class,
            () ->
                new ThresholdPolicyFactory()
                    .create(
                        PluginConfig.of(PluginKind.POLICY, "p", "threshold-policy", Map.of()),
                        null));
    assertEquals(ErrorCode.CONFIG_INVALID, missing.code());
  }

  @Test
  void thresholdOfOneAcceptsEitherVerifierAndIgnoresFailures() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    sb.referrer(image, SIG);
    sb.referrer(image, "application/vnd.dev.cosign.artifact.sig.v1+json");
    InMemoryStore store = sb.build();
    PolicyEnforcer oneOf =
        policy(Map.of("threshold", 1, "rules", List.of(rule("notation"), rule("cosign"))));
    ValidationResult r =
        run(
            store,
            oneOf,
            FakeVerifier.failing("notation", SIG),
            FakeVerifier.passing("cosign", "application/vnd.dev.cosign.artifact.sig.v1+json"));
    assertTrue(r.success(), r.reasons().toString());
    PolicyEnforcer both = policy(Map.of("rules", List.of(rule("notation"), rule("cosign"))));
    ValidationResult r2 =
        run(
            store,
            both,
            FakeVerifier.failing("notation", SIG),
            FakeVerifier.passing("cosign", "application/vnd.dev.cosign.artifact.sig.v1+json"));
    assertFalse(r2.success());
    assertTrue(
        r2.reasons().stream().anyMatch(s -> s.contains("verifier notation")),
        r2.reasons().toString());
  }

  @Test
  void nestedRulesApplyToTheMatchedReferrersOwnReferrers() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor sbom = sb.referrer(sb.image(SUBJECT), SBOM);
    Descriptor sbomSig = sb.referrer(sbom, SIG);
    InMemoryStore store = sb.build();
    PolicyEnforcer p =
        policy(
            Map.of(
                "rules",
                List.of(Map.of("verifierName", "sbom", "rules", List.of(rule("notation"))))));
    assertTrue(
        run(store, p, FakeVerifier.passing("sbom", SBOM), FakeVerifier.passing("notation", SIG))
            .success());
    assertFalse(
        run(
                store,
                p,
                FakeVerifier.passing("sbom", SBOM),
                FakeVerifier.failingOn("notation", Set.of(sbomSig.digest().toString()), SIG))
            .success());
    // a signature directly on the image does not satisfy a rule about the SBOM's signature
    InMemoryStore.Builder sb2 = InMemoryStore.builder();
    Descriptor image2 = sb2.image(SUBJECT);
    sb2.referrer(image2, SBOM);
    sb2.referrer(image2, SIG);
    assertFalse(
        run(
                sb2.build(),
                p,
                FakeVerifier.passing("sbom", SBOM),
                FakeVerifier.passing("notation", SIG))
            .success());
  }

  @Test
  void pruningSkipsSatisfiedRulesUnusedVerifiersAndIrrelevantLevels() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    for (int i = 0; i < 5; i++) {
      sb.referrer(image, SIG);
    }
    InMemoryStore store = sb.build();
    FakeVerifier notation = FakeVerifier.passing("notation", SIG);
    FakeVerifier unused = FakeVerifier.passing("other", SIG);
    ValidationResult r =
        run(store, policy(Map.of("rules", List.of(rule("notation")))), notation, unused);
    assertTrue(r.success());
    assertEquals(1, notation.calls(), "one good signature satisfies the rule");
    assertEquals(0, unused.calls(), "no rule names this verifier");
    assertEquals(
        1,
        store.calls(InMemoryStore.Operation.LIST_REFERRERS),
        "no rule looks below the signatures");

    InMemoryStore.Builder sb2 = InMemoryStore.builder();
    Descriptor image2 = sb2.image(SUBJECT);
    for (int i = 0; i < 5; i++) {
      sb2.referrer(image2, SIG);
    }
    InMemoryStore store2 = sb2.build();
    FakeVerifier n2 = FakeVerifier.passing("notation", SIG);
    FakeVerifier o2 = FakeVerifier.passing("other", SIG);
    try (Executor e =
        Executor.builder().store(store2).concurrency(1).verifier(n2).verifier(o2).build()) {
      assertTrue(e.validate(SUBJECT).success());
    }
    assertEquals(5, n2.calls(), "without the threshold policy every call is made");
    assertEquals(5, o2.calls());
    assertEquals(6, store2.calls(InMemoryStore.Operation.LIST_REFERRERS));
  }

  @Test
  void nothingVerifiedIsDenied() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    sb.referrer(sb.image(SUBJECT), SIG);
    ValidationResult r =
        run(
            sb.build(),
            policy(Map.of("rules", List.of(rule("notation")))),
            FakeVerifier.failing("notation", SIG));
    assertFalse(r.success());
    assertEquals(1, r.verifierReports().size());
  }
}
