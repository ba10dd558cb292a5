/**
 * The end-to-end harness ({@code avatar bench e2e}): N live sessions fed with real speech in real time through the
 * whole pipeline to in-process outputs, measuring end-to-end and per-stage latency (HdrHistogram), deadline misses,
 * CPU and memory, and searching the largest N the machine sustains. Writes JSON and a PNG plot.
 */
package io.avatar.bench.e2e;
