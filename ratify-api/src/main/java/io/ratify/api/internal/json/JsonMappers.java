package io.ratify.api.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ratify.api.internal.parse.JsonLimits;

/**
 * The one factory of JSON parsers. Every mapper it makes refuses duplicate keys, trailing tokens
 * after the document, {@code NaN}/{@code Infinity} literals, comments and other non-standard
 * syntax, and enforces {@link JsonLimits} (nesting, string, number, name and document length, token
 * count). A number literal that overflows a {@code double} still reads as infinite: callers that
 * keep floating-point values check {@link Double#isFinite(double)}, as the configuration reader
 * does.
 *
 * <p>The mappers are immutable once built and safe for concurrent use; callers keep one each.
 */
public final class JsonMappers {
  private JsonMappers() {}

  /**
   * A strict mapper under {@link JsonLimits#DEFAULT}.
   *
   * @return a new mapper
   */
  public static ObjectMapper strict() {
    return strict(JsonLimits.DEFAULT);
  }

  /**
   * A strict mapper under {@code limits}.
   *
   * @param limits the limits, {@link JsonLimits#DEFAULT} or derived from it
   * @return a new mapper
   */
  public static ObjectMapper strict(JsonLimits limits) {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxNestingDepth())
                    .maxStringLength(limits.maxStringLength())
                    .maxNumberLength(limits.maxNumberLength())
                    .maxNameLength(limits.maxNameLength())
                    .maxDocumentLength(limits.maxDocumentLength())
                    .maxTokenCount(limits.maxTokenCount())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }
}
