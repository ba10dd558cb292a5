/**
 * Motion post-processing, per session, on the motion stage's thread: gating the mouth by voice activity, idle motion
 * in the current style during silence (breathing, blinks, small head motion), smooth blends at speech on/off and on
 * style changes, and barge-in. Every class here is single-threaded and allocation-free per frame.
 */
package io.avatar.engine.motion;
