/**
 * Face geometry: MediaPipe's canonical face mesh decoded from its protobuf asset, the semantic landmark index sets,
 * and the built-in avatar (a generated portrait and mouth-interior texture) used when no photo is given.
 */
package io.avatar.models.face;
