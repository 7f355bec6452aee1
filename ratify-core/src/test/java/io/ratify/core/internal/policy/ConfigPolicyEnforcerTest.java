package io.ratify.core.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.PolicyEvaluator;
import io.ratify.api.RatifyException;
import io.ratify.core.FakeVerifier;
import io.ratify.core.plugins.PluginRegistry;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigPolicyEnforcerTest {
  static Descriptor artifact(String name, String type) {
    return Descriptor.of(
            MediaTypes.OCI_MANIFEST, Digest.sha256(name.getBytes(StandardCharsets.UTF_8)), 10)
        .withArtifactType(type);
  }

  @Test
  void ratifySpellingsOfTheTypeAllFindIt() throws Exception {
    PluginRegistry registry = PluginRegistry.load();
    for (String spelling :
        new String[] {"config-policy", "configPolicy", "configpolicy", "ConfigPolicy"}) {
      assertEquals(ConfigPolicyEnforcer.TYPE, registry.policy(spelling).type());
    }
    assertEquals(ThresholdPolicyEnforcer.TYPE, registry.policy("threshold-policy").type());
  }

  @Test
  void nonStringPolicyValuesAreConfigErrors() {
    PluginConfig c =
        PluginConfig.of(
            PluginKind.POLICY,
            "p",
            "config-policy",
            Map.of("artifactVerificationPolicies", Map.of(MediaTypes.NOTARY_SIGNATURE, 1)));
    RatifyException e =
        assertThrows(RatifyException.class, () -> new ConfigPolicyFactory().create(c, null));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertTrue(e.getMessage().contains("artifactVerificationPolicies"), e.getMessage());
    PluginConfig notMap =
        PluginConfig.of(
            PluginKind.POLICY, "p", "config-policy", Map.of("artifactVerificationPolicies", "any"));
    assertEquals(
        ErrorCode.CONFIG_INVALID,
        assertThrows(RatifyException.class, () -> new ConfigPolicyFactory().create(notMap, null))
            .code());
  }

  @Test
  void aFailureBelowARootArtifactFailsItAndAnyWaitsForTheSubtree() throws Exception {
    ConfigPolicyEnforcer p =
        ConfigPolicyEnforcer.from(
            PluginConfig.of(
                PluginKind.POLICY,
                "p",
                "config-policy",
                Map.of("artifactVerificationPolicies", Map.of("sbom", "any"))));
    Descriptor root = artifact("root", "");
    Descriptor sbom = artifact("sbom", "sbom");
    Descriptor sig = artifact("sig", "sig");
    Descriptor other = artifact("sbom2", "sbom");
    PolicyEvaluator ev = p.evaluator(root);
    assertFalse(ev.artifactPruned(root.digest(), sbom));
    ev.addResult(root.digest(), sbom, "v", FakeVerifier.ok());
    assertFalse(ev.artifactPruned(root.digest(), other), "the SBOM's own referrers are not in yet");
    assertFalse(ev.artifactPruned(sbom.digest(), sig));
    ev.addResult(sbom.digest(), sig, "n", FakeVerifier.bad());
    ev.commit(sig.digest());
    ev.commit(sbom.digest());
    assertFalse(
        ev.artifactPruned(root.digest(), other), "the first SBOM failed through its signature");
    assertFalse(ev.evaluate().allowed());
    ev.addResult(root.digest(), other, "v", FakeVerifier.ok());
    ev.commit(other.digest());
    assertTrue(ev.artifactPruned(root.digest(), artifact("sbom3", "sbom")));
    assertTrue(ev.evaluate().allowed(), ev.evaluate().reasons().toString());
  }

  @Test
  void aNestedFailureThatPrunedItsParentsVerifierStillDenies() throws Exception {
    // default all: a failing signature under the SBOM decides the subject, so the SBOM's own
    // verifier is pruned. The
    // SBOM then has no report of its own, and only a good report of another type is left: that must
    // not allow.
    ConfigPolicyEnforcer p =
        ConfigPolicyEnforcer.from(
            PluginConfig.of(
                PluginKind.POLICY,
                "p",
                "config-policy",
                Map.of("artifactVerificationPolicies", Map.of("sig", "any"))));
    Descriptor root = artifact("root", "");
    Descriptor sbom = artifact("sbom", "sbom");
    Descriptor sbomSig = artifact("sbom-sig", "sig");
    Descriptor sig = artifact("sig", "sig");
    PolicyEvaluator ev = p.evaluator(root);
    assertFalse(ev.artifactPruned(root.digest(), sig));
    ev.addResult(root.digest(), sig, "notation", FakeVerifier.ok());
    assertFalse(ev.artifactPruned(root.digest(), sbom));
    assertFalse(ev.artifactPruned(sbom.digest(), sbomSig));
    ev.addResult(sbom.digest(), sbomSig, "notation", FakeVerifier.bad());
    ev.commit(sbomSig.digest());
    ev.commit(sbom.digest());
    assertTrue(
        ev.verifierPruned(root.digest(), sbom, "sbom"),
        "the decision is known: the SBOM verifier is skipped");
    ev.commit(root.digest());
    assertFalse(
        ev.evaluate().allowed(), "what pruning skipped must not turn the decision into an allow");
    assertTrue(
        ev.evaluate().reasons().stream().anyMatch(r -> r.contains("sbom")),
        ev.evaluate().reasons().toString());
  }
}
