/**
 * Voice activity: {@link io.avatar.models.vad.SileroVad} runs Silero VAD v5 (ONNX Runtime, CPU) on 32 ms chunks of
 * 16 kHz audio and gives a speech probability per chunk; {@link io.avatar.models.vad.SpeechSegmenter} turns those
 * probabilities into speech segments with hysteresis, minimum durations and padding. Both belong to one thread
 * (the stage that feeds them).
 */
package io.avatar.models.vad;
