package io.ratify.spi;

/** The four kinds of plugin, with the configuration kind names they are declared with. */
public enum PluginKind {
  /** A {@link io.ratify.api.Store}. */
  STORE("Store"),
  /** A {@link io.ratify.api.Verifier}. */
  VERIFIER("Verifier"),
  /** A {@link io.ratify.api.KeyManagementProvider}. */
  KEY_MANAGEMENT_PROVIDER("KeyManagementProvider"),
  /** A {@link io.ratify.api.PolicyEnforcer}. */
  POLICY("Policy");

  private final String configKind;

  PluginKind(String configKind) {
    this.configKind = configKind;
  }

  /**
   * The {@code kind} of the configuration document that declares such a plugin.
   *
   * @return the {@code kind} of the configuration document that declares such a plugin
   */
  public String configKind() {
    return configKind;
  }
}
