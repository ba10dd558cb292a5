/**
 * The named baseline of "voice to motion": a Java port of the HeadAudio 0.1.0 viseme detector (MIT,
 * {@code @met4citizen/headaudio}; MFCC features, Gaussian phoneme prototypes with a Mahalanobis classifier, an energy
 * gate and HeadAudio's viseme easing) plus a mapping of its Oculus visemes onto the ARKit-52 rig. Entry point:
 * {@link io.avatar.models.baseline.HeadAudioVisemeBaseline}. The licence of the ported code is in the resource
 * {@code io/avatar/models/baseline/HEADAUDIO-LICENSE.txt}; conformance with the JavaScript is pinned by
 * {@code models/testdata/headaudio/}.
 */
package io.avatar.models.baseline;
