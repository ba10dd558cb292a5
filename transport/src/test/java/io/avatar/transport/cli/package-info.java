/**
 * Tests of the {@code avatar serve} command.
 */
package io.avatar.transport.cli;
