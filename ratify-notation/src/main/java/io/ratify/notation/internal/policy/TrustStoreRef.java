package io.ratify.notation.internal.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named trust store of one type, as a trust policy names it ({@code ca:acme}).
 *
 * @param type the store type
 * @param name the store name, matching {@code [a-zA-Z0-9_.-]+}
 */
public record TrustStoreRef(TrustStoreType type, String name) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

  public TrustStoreRef {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    if (!isValidName(name)) {
      throw new IllegalArgumentException("trust store name must match [a-zA-Z0-9_.-]+");
    }
  }

  /** Whether {@code name} is a valid named-store name. */
  public static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  @Override
  public String toString() {
    return type.value() + ":" + name;
  }
}
