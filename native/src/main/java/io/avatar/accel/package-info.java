/**
 * GPU acceleration through the JavaCPP CUDA and TensorRT presets. {@link io.avatar.accel.Accel} probes once whether
 * the native libraries load and a device is present, caches the reason when not, and offers a kill switch; callers
 * choose the CPU or GPU backend once, at configuration time, from its answer. This module is the only owner of
 * native GPU handles: one owner class per kind ({@link io.avatar.accel.CudaContext},
 * {@link io.avatar.accel.CudaModule}, {@link io.avatar.accel.CudaStream}, {@link io.avatar.accel.DeviceBuffer}, {@link io.avatar.accel.PinnedBuffer}),
 * each {@code AutoCloseable} and idempotent. On top: {@link io.avatar.accel.CudaFaceRenderer} (the CPU face renderer's
 * per-frame work as CUDA kernels, PTX in the resources) and the TensorRT plan builder, cache and runtime
 * ({@link io.avatar.accel.TrtEngineBuilder}, {@link io.avatar.accel.TrtEngineCache},
 * {@link io.avatar.accel.TrtRuntimeEngine}). See docs/GPU.md. (The folder is {@code native}; the package is
 * {@code accel} because {@code native} is a Java keyword.)
 */
package io.avatar.accel;
