package io.ratify.spi;

/** The four kinds of plugin, with the configuration kind names they are declared with. */
public enum PluginKind {
  STORE("Store"),
  VERIFIER("Verifier"),
  KEY_MANAGEMENT_PROVIDER("KeyManagementProvider"),
  POLICY("Policy");

  private final String configKind;

  PluginKind(String configKind) {
    this.configKind = configKind;
  }

  /** The {@code kind} of the configuration document that declares such a plugin. */
  public String configKind() {
    return configKind;
  }
}
