/**
 * Plugin discovery with {@link java.util.ServiceLoader}: {@link
 * io.ratify.core.plugins.PluginRegistry}.
 */
package io.ratify.core.plugins;
