/**
 * The one JSON parser set-up: {@link io.ratify.api.internal.json.JsonMappers}.
 *
 * <p><b>Not API.</b> Internal to Ratify for Java. This is the only package of ratify-api that uses
 * Jackson, which ratify-api declares as an <em>optional</em> dependency: consumers of ratify-api
 * (and plugins that do not parse JSON) never get Jackson through it, and the other packages of
 * ratify-api stay JDK-only. Modules that parse JSON (ratify-core, ratify-notation, ratify-oras)
 * depend on Jackson themselves and take their parsers from here, so that there is one set of limits
 * ({@link io.ratify.api.internal.parse.JsonLimits}) and no divergent copies.
 */
package io.ratify.api.internal.json;
