/**
 * The one hardened parsing kit every module uses for hostile bytes: strict DER certificates and
 * chains ({@link io.ratify.api.internal.parse.Der}), strict PEM ({@link
 * io.ratify.api.internal.parse.Pem}), bounded link-safe file reads ({@link
 * io.ratify.api.internal.parse.BoundedFiles}), text safe for terminals and messages ({@link
 * io.ratify.api.internal.parse.Printable}) and the one set of JSON limits ({@link
 * io.ratify.api.internal.parse.JsonLimits}).
 *
 * <p><b>Not API.</b> This package is internal to Ratify for Java: it may change in any release
 * without notice, and only the project's own modules may use it. It depends on the JDK only.
 *
 * <p>Every reader fails with one checked exception, {@link
 * io.ratify.api.internal.parse.MalformedException}, whose message never quotes the input beyond
 * {@link io.ratify.api.internal.parse.Printable} text; each module maps it to its own failure type
 * in one place (for example {@code RatifyException} with {@code CERT_INVALID} in ratify-core and
 * ratify-keyvault, a verification failure in ratify-notation). Nothing else escapes a reader, not
 * even what the JDK's parsers throw on crafted input.
 */
package io.ratify.api.internal.parse;
