/**
 * Live Link Face output (the UDP packet of version 6 that Epic's Live Link Face app sends and Unreal Engine's Apple
 * ARKit Face Support plug-in receives). Layout in {@link io.avatar.transport.livelink.LiveLinkFaceEncoder} and
 * {@code docs/PROTOCOLS.md}.
 */
package io.avatar.transport.livelink;
