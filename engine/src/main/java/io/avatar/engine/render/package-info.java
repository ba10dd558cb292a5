/**
 * The bridge from sessions to the face renderer: {@link io.avatar.engine.render.AvatarFaceRenderer} adapts the
 * models module's {@link io.avatar.models.face.AvatarRenderer} (CPU) and
 * {@link io.avatar.engine.render.CudaAvatarFaceRenderer} the CUDA renderer to the engine's
 * {@link io.avatar.engine.session.FaceRenderer}; {@link io.avatar.engine.render.FaceRenderers} builds renderers for
 * the built-in avatar or a portrait (the rig, mesh and generated portrait are loaded once per process and shared
 * read-only) and, in {@code session}, picks the backend from the GPU probe, logging why when it is the CPU.
 */
package io.avatar.engine.render;
