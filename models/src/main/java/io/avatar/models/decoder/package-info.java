/**
 * The speech-to-motion decoder as the engine runs it: the {@link io.avatar.models.decoder.MotionModel} contract
 * (windows of log-mel frames + style codes in, rig weights + head pose out, batched across sessions) and its ONNX
 * Runtime implementation over the model trained by {@code models/training} and shipped with its manifest.
 */
package io.avatar.models.decoder;
