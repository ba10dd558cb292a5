/**
 * JMH benchmarks of the feature kernels, in the package of the code they measure.
 */
package io.avatar.kernels.dsp;
