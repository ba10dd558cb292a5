/**
 * Allocation-free signal processing for the audio front-end: a radix-2 real FFT, the streaming 80-band log-mel
 * extractor ({@link io.avatar.kernels.dsp.LogMel80}) and MFCC-13 ({@link io.avatar.kernels.dsp.Mfcc13}), both exactly
 * as specified in {@code docs/FEATURES.md}, the contract shared with the Python training recipe. Every object
 * allocates its tables and buffers in its constructor and nothing afterwards; none is thread-safe, each belongs to
 * the one thread that feeds it (a feature stage).
 */
package io.avatar.kernels.dsp;
