/**
 * The part of the test kit that needs JUnit, published in ratify-api's test-jar: {@link
 * io.ratify.api.testing.junit.SharedFolders} finds the upstream vectors and the shared examples.
 * Its own package because a package cannot be split between the named {@code io.ratify.api} module
 * (which holds {@code io.ratify.api.testing}) and the class path.
 */
package io.ratify.api.testing.junit;
