/**
 * JMH benchmarks of the audio ingest, in the package of the code they measure.
 */
package io.avatar.engine.audio;
