/**
 * Offline render: a file of speech through the same session pipeline as live sessions, as fast as the machine
 * allows and losing nothing (back-pressure instead of drops), into an MP4 with the input audio aligned.
 */
package io.avatar.engine.offline;
