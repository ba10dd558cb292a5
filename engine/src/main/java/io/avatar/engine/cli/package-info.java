/**
 * The {@code avatar} command line: one entry point ({@link io.avatar.engine.cli.AvatarMain}) that dispatches to
 * {@link io.avatar.engine.cli.CliCommand}s found through {@link java.util.ServiceLoader}, so each module contributes
 * its own commands (the transport module adds {@code serve}) without the engine depending on it.
 */
package io.avatar.engine.cli;
