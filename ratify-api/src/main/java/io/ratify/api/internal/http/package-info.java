/**
 * HTTP helpers shared by the modules that talk to servers (registries in ratify-oras, OCSP and CRL
 * responders in ratify-notation): a response body read with a byte bound ({@link
 * io.ratify.api.internal.http.BoundedBody}).
 *
 * <p><b>Not API.</b> This package is internal to Ratify for Java: it may change in any release
 * without notice, and only the project's own modules may use it. It depends on the JDK only.
 */
package io.ratify.api.internal.http;
