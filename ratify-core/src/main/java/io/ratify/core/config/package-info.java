/**
 * The configuration model ({@link io.ratify.core.config.RatifyConfig}) and its safe loader ({@link
 * io.ratify.core.config.ConfigLoader}).
 */
package io.ratify.core.config;
