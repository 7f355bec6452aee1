/** Implementation of the provider server; not an API. */
package io.ratify.examples.server.internal;
