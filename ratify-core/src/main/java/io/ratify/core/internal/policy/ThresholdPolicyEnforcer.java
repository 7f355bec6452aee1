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
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ratify-go's threshold policy. A rule is {@code {verifierName, threshold, rules}}:
 *
 * <ul>
 *   <li>a rule with a verifier holds for a subject when that verifier succeeded on one of the
 *       subject's referrers and, if the rule has nested rules, that referrer's own referrers
 *       satisfy them (threshold of them);
 *   <li>a rule without a verifier groups its nested rules against the same subject;
 *   <li>{@code threshold} N means N nested rules must hold, 0 means all; failures count neither for
 *       nor against.
 * </ul>
 *
 * The root (parameter {@code policy}) has no verifier and at least one rule; {@code 0 <= threshold
 * <= rules}. The evaluator prunes every verifier, artifact and subject that no undecided rule can
 * use: a satisfied rule needs no more work, and referrers of referrers are only listed where a rule
 * has nested rules.
 */
public final class ThresholdPolicyEnforcer implements PolicyEnforcer {
  public static final String TYPE = "threshold-policy";
  private static final int MAX_RULES = 256;
  private static final int MAX_DEPTH = 16;

  /** One node of the rule tree; identity matters (the same shape may appear twice). */
  static final class Rule {
    final Optional<String> verifier;
    final int threshold;
    final List<Rule> rules;
    final String path;

    Rule(Optional<String> verifier, int threshold, List<Rule> rules, String path) {
      this.verifier = verifier;
      this.threshold = threshold;
      this.rules = List.copyOf(rules);
      this.path = path;
    }

    int need() {
      return threshold == 0 ? rules.size() : threshold;
    }

    @Override
    public String toString() {
      return path
          + verifier.map(v -> " (verifier " + v + ")").orElse("")
          + (rules.isEmpty() ? "" : " (" + need() + " of " + rules.size() + " nested rules)");
    }
  }

  private final Rule root;

  ThresholdPolicyEnforcer(Rule root) {
    this.root = root;
  }

  /** Reads and validates the rule tree under parameter {@code policy}. */
  public static ThresholdPolicyEnforcer from(PluginConfig config) throws RatifyException {
    config.requireKnownParameters(java.util.Set.of("policy"));
    Object policy =
        config
            .get("policy")
            .orElseThrow(
                () -> config.invalid("policy", "is required: a rule tree {threshold, rules}"));
    int[] count = {0};
    Rule root = parse(config, policy, "policy", true, 0, count);
    return new ThresholdPolicyEnforcer(root);
  }

  private static Rule parse(
      PluginConfig config, Object node, String path, boolean isRoot, int depth, int[] count)
      throws RatifyException {
    if (depth > MAX_DEPTH) {
      throw config.invalid(path, "rules nest deeper than " + MAX_DEPTH + " levels");
    }
    if (++count[0] > MAX_RULES) {
      throw config.invalid(path, "more than " + MAX_RULES + " rules");
    }
    if (!(node instanceof Map<?, ?> m)) {
      throw config.invalid(
          path,
          "expected a rule {verifierName, threshold, rules}, got " + PluginConfig.describe(node));
    }
    for (Object k : m.keySet()) {
      if (!"verifierName".equals(k) && !"threshold".equals(k) && !"rules".equals(k)) {
        throw config.invalid(
            path + "." + k, "unknown field; a rule has verifierName, threshold and rules");
      }
    }
    Optional<String> verifier = Optional.empty();
    Object v = m.get("verifierName");
    if (v != null) {
      if (!(v instanceof String s) || s.isBlank()) {
        throw config.invalid(
            path + ".verifierName", "expected a verifier name, got " + PluginConfig.describe(v));
      }
      verifier = Optional.of(s);
    }
    int threshold = 0;
    Object t = m.get("threshold");
    if (t != null) {
      if (!(t instanceof Integer || t instanceof Long)
          || ((Number) t).longValue() < 0
          || ((Number) t).longValue() > MAX_RULES) {
        throw config.invalid(
            path + ".threshold",
            "expected a non-negative integer, got "
                + PluginConfig.describe(t)
                + (t instanceof Number ? " " + t : ""));
      }
      threshold = ((Number) t).intValue();
    }
    List<Rule> children = new ArrayList<>();
    Object rs = m.get("rules");
    if (rs != null) {
      if (!(rs instanceof List<?> list)) {
        throw config.invalid(
            path + ".rules", "expected a list of rules, got " + PluginConfig.describe(rs));
      }
      for (int i = 0; i < list.size(); i++) {
        children.add(
            parse(config, list.get(i), path + ".rules[" + i + "]", false, depth + 1, count));
      }
    }
    if (isRoot && verifier.isPresent()) {
      throw config.invalid(path + ".verifierName", "the root rule must not name a verifier");
    }
    if (verifier.isEmpty() && children.isEmpty()) {
      throw config.invalid(
          path + ".rules", "a rule without a verifier needs at least one nested rule");
    }
    if (threshold > children.size()) {
      throw config.invalid(
          path + ".threshold",
          "is " + threshold + " but there are only " + children.size() + " nested rules");
    }
    return new Rule(verifier, threshold, children, path);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public PolicyEvaluator evaluator(Descriptor subject) {
    return new Evaluator(subject.digest());
  }

  /**
   * Thread-safe by a single lock. Only successes are recorded: failures count neither for nor
   * against.
   */
  private final class Evaluator implements PolicyEvaluator {
    private final Digest rootSubject;
    private final Map<Digest, Map<String, Set<Digest>>> successes = new HashMap<>();
    private final Map<Digest, Digest> parentOf = new HashMap<>();

    Evaluator(Digest rootSubject) {
      this.rootSubject = rootSubject;
    }

    @Override
    public synchronized boolean subjectPruned(Digest subject) {
      Set<Rule> rel = relevant(subject, 0);
      return rel != null && rel.isEmpty();
    }

    @Override
    public synchronized boolean artifactPruned(Digest subject, Descriptor artifact) {
      parentOf.putIfAbsent(artifact.digest(), subject);
      Set<Rule> rel = relevant(subject, 0);
      return rel != null && rel.stream().noneMatch(r -> r.verifier.isPresent());
    }

    @Override
    public synchronized boolean verifierPruned(
        Digest subject, Descriptor artifact, String verifierName) {
      Set<Rule> rel = relevant(subject, 0);
      return rel != null
          && rel.stream().noneMatch(r -> r.verifier.filter(verifierName::equals).isPresent());
    }

    @Override
    public synchronized void addResult(
        Digest subject, Descriptor artifact, String verifierName, VerificationResult result) {
      parentOf.putIfAbsent(artifact.digest(), subject);
      if (result.success()) {
        successes
            .computeIfAbsent(subject, k -> new LinkedHashMap<>())
            .computeIfAbsent(verifierName, k -> new LinkedHashSet<>())
            .add(artifact.digest());
      }
    }

    @Override
    public synchronized PolicyDecision evaluate() {
      if (satisfied(root, rootSubject)) {
        return PolicyDecision.allow();
      }
      List<String> reasons = new ArrayList<>();
      for (Rule r : root.rules) {
        if (!satisfied(r, rootSubject)) {
          reasons.add("threshold policy: rule " + r + " is not satisfied");
        }
      }
      reasons.add(
          "threshold policy: " + root.need() + " of " + root.rules.size() + " rules must hold");
      return PolicyDecision.deny(reasons);
    }

    private boolean satisfied(Rule rule, Digest subject) {
      if (rule.verifier.isEmpty()) {
        return groupSatisfied(rule, subject);
      }
      for (Digest artifact :
          successes.getOrDefault(subject, Map.of()).getOrDefault(rule.verifier.get(), Set.of())) {
        if (rule.rules.isEmpty() || groupSatisfied(rule, artifact)) {
          return true;
        }
      }
      return false;
    }

    private boolean groupSatisfied(Rule rule, Digest subject) {
      int held = 0;
      for (Rule child : rule.rules) {
        if (satisfied(child, subject) && ++held >= rule.need()) {
          return true;
        }
      }
      return rule.need() == 0;
    }

    /**
     * The undecided rules evaluated against {@code subject}; null when the subject's place in the
     * graph is not known yet (then nothing is pruned).
     */
    private Set<Rule> relevant(Digest subject, int depth) {
      Set<Rule> out = Collections.newSetFromMap(new IdentityHashMap<>());
      if (subject.equals(rootSubject)) {
        closure(root, subject, out);
        return out;
      }
      Digest parent = parentOf.get(subject);
      if (parent == null || depth > MAX_DEPTH) {
        return null;
      }
      Set<Rule> above = relevant(parent, depth + 1);
      if (above == null) {
        return null;
      }
      for (Rule r : above) {
        if (r.verifier.isPresent() && !r.rules.isEmpty() && !groupSatisfied(r, subject)) {
          for (Rule child : r.rules) {
            closure(child, subject, out);
          }
        }
      }
      return out;
    }

    private void closure(Rule rule, Digest subject, Set<Rule> out) {
      if (satisfied(rule, subject)) {
        return;
      }
      out.add(rule);
      if (rule.verifier.isEmpty()) {
        for (Rule child : rule.rules) {
          closure(child, subject, out);
        }
      }
    }
  }
}
