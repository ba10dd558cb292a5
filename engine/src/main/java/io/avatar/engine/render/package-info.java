/**
 * The bridge from sessions to the face renderer: {@link io.avatar.engine.render.AvatarFaceRenderer} adapts the
 * models module's {@link io.avatar.models.face.AvatarRenderer} to the engine's
 * {@link io.avatar.engine.session.FaceRenderer}, and {@link io.avatar.engine.render.FaceRenderers} builds renderers
 * for the built-in avatar (the rig, mesh and generated portrait are loaded once per process and shared read-only).
 */
package io.avatar.engine.render;
