package io.ratify.core.internal.policy;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.PolicyDecision;
import io.ratify.api.PolicyEnforcer;
import io.ratify.api.PolicyEvaluator;
import io.ratify.api.RatifyException;
import io.ratify.api.VerificationResult;
import io.ratify.spi.PluginConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Ratify's config policy: {@code artifactVerificationPolicies} maps an artifact type to {@code any}
 * (one report of that type must succeed) or {@code all} (every report of that type must succeed);
 * {@code default} (itself defaulting to {@code all}) covers unlisted types. Every listed type must
 * appear among the subject's reports, a subject without reports is denied, and a value other than
 * {@code any}/{@code all} never satisfies its type. A report counts as successful only if every
 * result recorded below its artifact (referrers of referrers) succeeded, which is Ratify's "nested
 * verification failed" rule.
 */
public final class ConfigPolicyEnforcer implements PolicyEnforcer {
  public static final String TYPE = "config-policy";
  static final String ANY = "any";
  static final String ALL = "all";
  static final String DEFAULT = "default";

  private final Map<String, String> policies;
  private final String defaultPolicy;

  ConfigPolicyEnforcer(Map<String, String> policies, String defaultPolicy) {
    this.policies = Map.copyOf(policies);
    this.defaultPolicy = defaultPolicy;
  }

  /** The policy with nothing configured: {@code default: all}. */
  public static ConfigPolicyEnforcer defaults() {
    return new ConfigPolicyEnforcer(Map.of(), ALL);
  }

  /** Reads {@code artifactVerificationPolicies}; values must be strings. */
  public static ConfigPolicyEnforcer from(PluginConfig config) throws RatifyException {
    config.requireKnownParameters(Set.of("artifactVerificationPolicies"));
    Map<String, Object> raw = config.map("artifactVerificationPolicies").orElse(Map.of());
    Map<String, String> byType = new TreeMap<>();
    String def = ALL;
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      if (!(e.getValue() instanceof String v)) {
        throw config.invalid(
            "artifactVerificationPolicies." + e.getKey(),
            "expected \"any\" or \"all\", got " + PluginConfig.describe(e.getValue()));
      }
      if (e.getKey().equals(DEFAULT)) {
        def = v;
      } else {
        byType.put(e.getKey(), v);
      }
    }
    return new ConfigPolicyEnforcer(byType, def);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public PolicyEvaluator evaluator(Descriptor subject) {
    return new Evaluator(subject.digest());
  }

  String policyFor(String artifactType) {
    return policies.getOrDefault(artifactType, defaultPolicy);
  }

  private record Entry(Descriptor artifact, String verifier, boolean success) {}

  /** Thread-safe by a single lock; the graphs are small (bounded by the executor). */
  private final class Evaluator implements PolicyEvaluator {
    private final Digest root;
    private final Map<Digest, List<Entry>> results = new HashMap<>();
    private final Set<Digest> committed = new HashSet<>();
    private final Map<Digest, Digest> parentOf = new HashMap<>();
    private final Map<Digest, Descriptor> known = new HashMap<>();
    private boolean denied;
    // why denied was set: the result that decided may belong to an artifact whose own verifiers
    // were then pruned, so
    // evaluate() cannot rediscover it from the root-level reports and must use this
    private String deniedBecause;

    Evaluator(Digest root) {
      this.root = root;
    }

    @Override
    public synchronized boolean subjectPruned(Digest subject) {
      return denied;
    }

    @Override
    public synchronized boolean artifactPruned(Digest subject, Descriptor artifact) {
      learn(subject, artifact);
      if (denied) {
        return true;
      }
      return subject.equals(root)
          && ANY.equals(policyFor(artifact.artifactTypeOrEmpty()))
          && satisfied(artifact.artifactTypeOrEmpty());
    }

    @Override
    public synchronized boolean verifierPruned(
        Digest subject, Descriptor artifact, String verifierName) {
      return artifactPruned(subject, artifact);
    }

    @Override
    public synchronized void addResult(
        Digest subject, Descriptor artifact, String verifierName, VerificationResult result) {
      learn(subject, artifact);
      results
          .computeIfAbsent(subject, k -> new ArrayList<>())
          .add(new Entry(artifact, verifierName, result.success()));
      java.util.Optional<String> type = rootArtifactType(subject, artifact);
      if (type.isEmpty()) {
        return;
      }
      String p = policyFor(type.get());
      // A value other than any/all never satisfies; a failure anywhere under a root artifact fails
      // that artifact's
      // report, which under "all" decides the subject. Either way nothing more can allow it.
      if (!ANY.equals(p) && (!ALL.equals(p) || !result.success())) {
        if (!denied) {
          String t = type.get().isEmpty() ? "(none)" : type.get();
          deniedBecause =
              ALL.equals(p)
                  ? "config policy: artifact type '"
                      + t
                      + "' requires all to verify, and "
                      + verifierName
                      + " failed on "
                      + artifact.digest()
                      + (subject.equals(root) ? "" : ", a referrer of " + subject)
                  : "config policy: artifact type '"
                      + t
                      + "' has policy '"
                      + p
                      + "', which is neither 'any' nor 'all'";
        }
        denied = true;
      }
    }

    private void learn(Digest subject, Descriptor artifact) {
      parentOf.putIfAbsent(artifact.digest(), subject);
      known.putIfAbsent(artifact.digest(), artifact);
    }

    @Override
    public synchronized void commit(Digest subject) {
      committed.add(subject);
    }

    @Override
    public synchronized PolicyDecision evaluate() {
      List<Entry> top = results.getOrDefault(root, List.of());
      if (top.isEmpty()) {
        return PolicyDecision.deny(List.of("config policy: no verifier report for the subject"));
      }
      Map<String, int[]> byType = new LinkedHashMap<>(); // type -> {successes, failures}
      for (Entry e : top) {
        boolean ok = e.success() && clean(e.artifact().digest(), new HashSet<>());
        int[] c = byType.computeIfAbsent(e.artifact().artifactTypeOrEmpty(), k -> new int[2]);
        c[ok ? 0 : 1]++;
      }
      List<String> reasons = new ArrayList<>();
      for (String listed : policies.keySet()) {
        if (!byType.containsKey(listed)) {
          reasons.add(
              "config policy: no report for artifact type '"
                  + listed
                  + "', which the policy lists");
        }
      }
      for (Map.Entry<String, int[]> t : new TreeMap<>(byType).entrySet()) {
        String type = t.getKey().isEmpty() ? "(none)" : t.getKey();
        String p = policyFor(t.getKey());
        int ok = t.getValue()[0];
        int failed = t.getValue()[1];
        if (ALL.equals(p)) {
          if (failed > 0) {
            reasons.add(
                "config policy: artifact type '"
                    + type
                    + "' requires all to verify, "
                    + failed
                    + " of "
                    + (ok + failed)
                    + " failed");
          }
        } else if (ANY.equals(p)) {
          if (ok == 0) {
            reasons.add(
                "config policy: artifact type '"
                    + type
                    + "' requires any to verify, none of "
                    + failed
                    + " did");
          }
        } else {
          reasons.add(
              "config policy: artifact type '"
                  + type
                  + "' has policy '"
                  + p
                  + "', which is neither 'any' nor 'all'");
        }
      }
      if (denied && reasons.isEmpty()) {
        reasons.add(deniedBecause);
      }
      return reasons.isEmpty() ? PolicyDecision.allow() : PolicyDecision.deny(reasons);
    }

    /**
     * Whether a root-level artifact of {@code type} has finally succeeded (own result and complete,
     * clean subtree).
     */
    private boolean satisfied(String type) {
      for (Entry e : results.getOrDefault(root, List.of())) {
        if (e.success()
            && e.artifact().artifactTypeOrEmpty().equals(type)
            && complete(e.artifact().digest(), new HashSet<>())
            && clean(e.artifact().digest(), new HashSet<>())) {
          return true;
        }
      }
      return false;
    }

    private boolean clean(Digest subject, Set<Digest> seen) {
      if (!seen.add(subject)) {
        return true;
      }
      for (Entry e : results.getOrDefault(subject, List.of())) {
        if (!e.success() || !clean(e.artifact().digest(), seen)) {
          return false;
        }
      }
      return true;
    }

    private boolean complete(Digest subject, Set<Digest> seen) {
      if (!seen.add(subject)) {
        return true;
      }
      if (!committed.contains(subject)) {
        return false;
      }
      for (Entry e : results.getOrDefault(subject, List.of())) {
        if (!complete(e.artifact().digest(), seen)) {
          return false;
        }
      }
      return true;
    }

    /**
     * The artifact type of the root-level artifact above {@code artifact}, empty when not yet
     * known.
     */
    private java.util.Optional<String> rootArtifactType(Digest subject, Descriptor artifact) {
      Descriptor current = artifact;
      Digest s = subject;
      Set<Digest> seen = new HashSet<>();
      while (!s.equals(root)) {
        Descriptor above = known.get(s);
        Digest parent = parentOf.get(s);
        if (above == null || parent == null || !seen.add(s)) {
          return java.util.Optional.empty();
        }
        current = above;
        s = parent;
      }
      return java.util.Optional.of(current.artifactTypeOrEmpty());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigPolicyEnforcer c
        && c.policies.equals(policies)
        && c.defaultPolicy.equals(defaultPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(policies, defaultPolicy);
  }
}
