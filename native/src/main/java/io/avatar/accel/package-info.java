/**
 * GPU acceleration through the JavaCPP CUDA and TensorRT presets. {@link io.avatar.accel.Accel} probes once whether
 * the native libraries load and a device is present, caches the reason when not, and offers a kill switch; callers
 * choose the CPU or GPU backend once, at configuration time, from its answer. This module is the only owner of
 * native GPU handles. (The folder is {@code native}; the package is {@code accel} because {@code native} is a Java
 * keyword.)
 */
package io.avatar.accel;
