package io.ratify.api.internal.parse;

/**
 * The one set of limits for every JSON document Ratify for Java parses (configuration, trust
 * policies, envelopes, manifests, indexes, store content), applied by {@code
 * io.ratify.api.internal.json.JsonMappers}. A reader that must differ states it with {@code with…}
 * on {@link #DEFAULT}, never with its own set-up.
 *
 * @param maxNestingDepth deepest nesting of arrays and objects
 * @param maxStringLength longest string value, in characters
 * @param maxNumberLength longest number literal, in characters
 * @param maxNameLength longest property name, in characters
 * @param maxDocumentLength largest document, in bytes or characters
 * @param maxTokenCount most tokens in one document
 */
public record JsonLimits(
    int maxNestingDepth,
    int maxStringLength,
    int maxNumberLength,
    int maxNameLength,
    long maxDocumentLength,
    long maxTokenCount) {
  /**
   * Nesting 32 (OCI manifests, trust policies and configurations nest fewer than ten levels),
   * strings 1 MiB, numbers 64 characters, names 4096 characters, documents 4 MiB, 1 Mi tokens.
   */
  public static final JsonLimits DEFAULT =
      new JsonLimits(32, 1 << 20, 64, 4096, 4L << 20, 1L << 20);

  /**
   * These limits with another document (and longest string) bound.
   *
   * @param bytes the largest document
   * @return the new limits
   */
  public JsonLimits withMaxDocumentLength(int bytes) {
    return new JsonLimits(
        maxNestingDepth,
        Math.min(maxStringLength, bytes),
        maxNumberLength,
        maxNameLength,
        bytes,
        maxTokenCount);
  }

  /**
   * These limits with another token bound.
   *
   * @param tokens most tokens
   * @return the new limits
   */
  public JsonLimits withMaxTokenCount(long tokens) {
    return new JsonLimits(
        maxNestingDepth,
        maxStringLength,
        maxNumberLength,
        maxNameLength,
        maxDocumentLength,
        tokens);
  }

  /**
   * These limits with another nesting bound (a request format that never nests deeply).
   *
   * @param depth the deepest nesting
   * @return the new limits
   */
  public JsonLimits withMaxNestingDepth(int depth) {
    return new JsonLimits(
        depth, maxStringLength, maxNumberLength, maxNameLength, maxDocumentLength, maxTokenCount);
  }

  /**
   * These limits with another longest string.
   *
   * @param chars the longest string value
   * @return the new limits
   */
  public JsonLimits withMaxStringLength(int chars) {
    return new JsonLimits(
        maxNestingDepth, chars, maxNumberLength, maxNameLength, maxDocumentLength, maxTokenCount);
  }
}
