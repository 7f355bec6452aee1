package io.ratify.core.config;

import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import io.ratify.spi.TypedPluginConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed configuration of ratify-go's threshold policy ({@code threshold-policy}): a tree of
 * {@link Rule}s. Each rule names a verifier that must succeed on some referrer; its nested rules
 * apply to that referrer's own referrers; its threshold says how many nested rules must hold (0:
 * all). The root rule names no verifier.
 *
 * <pre>{@code
 * ThresholdPolicyConfig.of(Rule.all(
 *     Rule.verifier("verifier-notary-inline"),                        // the image is signed
 *     Rule.verifier("sbom-check", Rule.verifier("verifier-notary-inline"))))  // its SBOM is signed
 * }</pre>
 *
 * Immutable; renders to the parameters {@code policy: {threshold, rules: [{verifierName, threshold,
 * rules}]}}, leaving out a threshold of 0 and empty rule lists. The policy checks its depth and
 * size bounds when the executor is created.
 */
public final class ThresholdPolicyConfig implements TypedPluginConfig {
  private final String name;
  private final Rule root;

  private ThresholdPolicyConfig(String name, Rule root) {
    this.name = name;
    this.root = root;
  }

  /**
   * A threshold policy named {@code threshold-policy}.
   *
   * @param root the root rule, which names no verifier
   * @return the configuration
   * @throws RatifyException {@link io.ratify.api.ErrorCode#CONFIG_INVALID} when the root rule names
   *     a verifier or has no rules
   */
  public static ThresholdPolicyConfig of(Rule root) throws RatifyException {
    return of("threshold-policy", root);
  }

  /**
   * A threshold policy with a name of its own.
   *
   * @param name the policy name in reports and messages
   * @param root the root rule, which names no verifier
   * @return the configuration
   * @throws RatifyException {@link io.ratify.api.ErrorCode#CONFIG_INVALID} when the name is blank,
   *     the root rule names a verifier or has no rules, a verifier name is blank, or a threshold is
   *     negative or above its rule's number of rules
   */
  public static ThresholdPolicyConfig of(String name, Rule root) throws RatifyException {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(root, "root");
    if (name.isBlank()) {
      throw TypedConfigs.invalid("threshold policy", "the name is blank");
    }
    if (root.verifierName().isPresent()) {
      throw TypedConfigs.invalid(
          "threshold policy '" + name + "'", "the root rule names a verifier");
    }
    if (root.rules().isEmpty()) {
      throw TypedConfigs.invalid("threshold policy '" + name + "'", "the root rule has no rules");
    }
    check(name, root, "policy");
    return new ThresholdPolicyConfig(name, root);
  }

  private static void check(String name, Rule r, String at) throws RatifyException {
    if (r.verifierName().isPresent() && r.verifierName().get().isBlank()) {
      throw TypedConfigs.invalid(
          "threshold policy '" + name + "', " + at, "the verifier name is blank");
    }
    if (r.threshold() < 0 || r.threshold() > r.rules().size()) {
      throw TypedConfigs.invalid(
          "threshold policy '" + name + "', " + at,
          "the threshold must be between 0 (all) and the number of rules ("
              + r.rules().size()
              + ")");
    }
    for (int i = 0; i < r.rules().size(); i++) {
      check(name, r.rules().get(i), at + ".rules[" + i + "]");
    }
  }

  /**
   * The root rule.
   *
   * @return the root rule
   */
  public Rule root() {
    return root;
  }

  @Override
  public PluginConfig toPluginConfig() {
    return PluginConfig.of(
        PluginKind.POLICY, name, "threshold-policy", Map.of("policy", render(root)));
  }

  private static Map<String, Object> render(Rule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    r.verifierName().ifPresent(v -> m.put("verifierName", v));
    if (r.threshold() != 0) {
      m.put("threshold", r.threshold());
    }
    if (!r.rules().isEmpty()) {
      List<Object> rules = new ArrayList<>();
      for (Rule c : r.rules()) {
        rules.add(render(c));
      }
      m.put("rules", rules);
    }
    return m;
  }

  @Override
  public String toString() {
    return "ThresholdPolicyConfig" + toPluginConfig().parameters();
  }

  /**
   * One rule of the tree.
   *
   * @param verifierName the verifier that must succeed on a referrer; empty for the root and for a
   *     pure grouping rule
   * @param threshold how many of {@code rules} must hold; 0 means all
   * @param rules rules applied to the referrers of the referrer this rule matched
   */
  public record Rule(Optional<String> verifierName, int threshold, List<Rule> rules) {
    /**
     * Canonical constructor: copies the list. {@link ThresholdPolicyConfig#of} checks the values.
     *
     * @param verifierName the verifier that must succeed on a referrer, if any
     * @param threshold how many of {@code rules} must hold; 0 means all
     * @param rules rules applied to the referrers of the matched referrer
     */
    public Rule {
      Objects.requireNonNull(verifierName, "verifierName");
      rules = List.copyOf(rules);
    }

    /**
     * A rule that holds when {@code verifierName} succeeds on some referrer and, on that referrer,
     * every one of {@code rules} holds.
     *
     * @param verifierName the verifier's name
     * @param rules rules for the referrer's own referrers
     * @return the rule
     */
    public static Rule verifier(String verifierName, Rule... rules) {
      return new Rule(Optional.of(verifierName), 0, List.of(rules));
    }

    /**
     * A rule without a verifier that holds when every one of {@code rules} holds (the usual root).
     *
     * @param rules the rules
     * @return the rule
     */
    public static Rule all(Rule... rules) {
      return new Rule(Optional.empty(), 0, List.of(rules));
    }

    /**
     * A rule without a verifier that holds when at least {@code threshold} of {@code rules} hold.
     *
     * @param threshold how many must hold, 1 to the number of rules
     * @param rules the rules
     * @return the rule
     */
    public static Rule atLeast(int threshold, Rule... rules) {
      return new Rule(Optional.empty(), threshold, List.of(rules));
    }
  }
}
