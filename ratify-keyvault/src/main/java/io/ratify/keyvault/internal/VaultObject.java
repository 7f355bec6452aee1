package io.ratify.keyvault.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configured certificate or key of a vault: Ratify's {@code {name, version,
 * versionHistoryLimit}} entry.
 *
 * @param name the object name (Key Vault names: 1 to 127 letters, digits and dashes)
 * @param version the pinned version, or empty for the latest
 * @param versionHistoryLimit 0 to fetch only {@code version}; N &gt; 0 to fetch the newest N
 *     versions, or the pinned version and up to N older ones
 */
public record VaultObject(String name, String version, int versionHistoryLimit) {
  /**
   * The largest accepted {@code versionHistoryLimit}: every version is one vault call per refresh.
   */
  public static final int MAX_VERSION_HISTORY_LIMIT = 100;

  static final Pattern NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");
  static final Pattern VERSION = Pattern.compile("[0-9A-Za-z]{0,64}");

  /** Validates all parts; throws {@link IllegalArgumentException} naming the offending part. */
  public VaultObject {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must be 1 to 127 letters, digits or dashes");
    }
    if (!VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException("version must be up to 64 letters or digits");
    }
    if (versionHistoryLimit < 0 || versionHistoryLimit > MAX_VERSION_HISTORY_LIMIT) {
      throw new IllegalArgumentException(
          "versionHistoryLimit must be between 0 and " + MAX_VERSION_HISTORY_LIMIT);
    }
  }

  /** The latest version of {@code name}, without history. */
  public static VaultObject latest(String name) {
    return new VaultObject(name, "", 0);
  }

  @Override
  public String toString() {
    return name + (version.isEmpty() ? "" : "/" + version);
  }
}
