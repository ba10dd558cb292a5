/**
 * The audio front door: {@link io.avatar.engine.audio.AudioFileDecoder} decodes files of any container FFmpeg reads
 * (WAV, MP3, OGG/Opus, FLAC, M4A/AAC, ...) in bounded memory, and {@link io.avatar.engine.audio.PcmIngest} turns PCM
 * chunks of any size, rate (4-192 kHz), sample type and channel count into the 16 kHz mono float stream that
 * {@code docs/FEATURES.md} expects. Both resample with FFmpeg's swr at its default anti-aliasing filter (the
 * contract the training recipe follows too). Bad input fails with an
 * {@link io.avatar.engine.audio.AudioDecodeException} naming the file and what is wrong with it.
 */
package io.avatar.engine.audio;
