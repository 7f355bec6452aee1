package io.ratify.examples.server.internal;

import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import java.util.Optional;

/**
 * One key of a Gatekeeper request: {@code [namespace]image}, as Ratify's {@code ParseRequestKey}
 * reads it. The echoed key is the raw key with CR and LF removed (Ratify's {@code SanitizeString}),
 * so a key cannot forge log lines or response structure.
 *
 * @param raw the key exactly as received
 * @param echoed the key as it is echoed in the response item
 * @param namespace the namespace between the leading brackets; empty for cluster scope
 * @param image the image part after the optional prefix
 */
public record ProviderKey(String raw, String echoed, String namespace, String image) {
  /** The longest key accepted; longer keys get an item error. */
  public static final int MAX_KEY_CHARS = 4096;

  /** Splits a raw key. Never throws. */
  public static ProviderKey of(String raw) {
    String echoed = raw.replace("\r", "").replace("\n", "");
    String ns = "";
    String image = echoed;
    if (echoed.startsWith("[")) {
      int close = echoed.indexOf(']');
      if (close > 0) {
        ns = echoed.substring(1, close);
        image = echoed.substring(close + 1);
      }
    }
    return new ProviderKey(raw, echoed, ns, image);
  }

  /** The parsed image reference. */
  public Reference reference() throws RatifyException {
    if (raw.length() > MAX_KEY_CHARS) {
      throw new RatifyException(
          io.ratify.api.ErrorCode.REFERENCE_INVALID,
          "the key has " + raw.length() + " characters, more than " + MAX_KEY_CHARS,
          "send image references",
          null);
    }
    return Reference.parse(image);
  }

  /** The namespace, empty for cluster scope. */
  public Optional<String> namespaceIfAny() {
    return namespace.isEmpty() ? Optional.empty() : Optional.of(namespace);
  }
}
