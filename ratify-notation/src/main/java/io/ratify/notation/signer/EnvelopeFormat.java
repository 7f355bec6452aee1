package io.ratify.notation.signer;

import io.ratify.api.MediaTypes;
import java.util.Optional;

/** The two Notary Project signature envelope formats and their media types. */
public enum EnvelopeFormat {
  /** JWS JSON serialization, flattened ({@code application/jose+json}). */
  JWS(MediaTypes.JWS_ENVELOPE),
  /** Tagged COSE_Sign1 ({@code application/cose}). */
  COSE(MediaTypes.COSE_ENVELOPE);

  private final String mediaType;

  EnvelopeFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /**
   * The media type of the envelope blob (the signature manifest's layer media type).
   *
   * @return the media type of the envelope blob (the signature manifest's layer media type)
   */
  public String mediaType() {
    return mediaType;
  }

  /**
   * The format for a layer media type, if it is one.
   *
   * @param mediaType the media type
   * @return the format for a layer media type, if it is one
   */
  public static Optional<EnvelopeFormat> forMediaType(String mediaType) {
    for (EnvelopeFormat f : values()) {
      if (f.mediaType.equals(mediaType)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
