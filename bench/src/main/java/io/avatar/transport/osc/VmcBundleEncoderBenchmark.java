package io.avatar.transport.osc;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one VMC frame: encoding the 2 644-byte bundle (52 blend values, apply, head bone, OK, time), and encoding
 * plus handing the datagram to the kernel over loopback UDP. Run with the JMH main class (see docs/PROTOCOLS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true"})
public class VmcBundleEncoderBenchmark
{
    private final float[] weights = new float[52];
    private final float[] pose = new float[6];
    private VmcBundleEncoder encoder;
    private UnsafeBuffer buffer;
    private VmcSender sender;
    private double time;

    /**
     * Preallocates everything; the sender targets a loopback port nobody listens on (unconnected UDP ignores the
     * ICMP reply, so this measures the send path only).
     */
    @Setup
    public void setUp()
    {
        for (int i = 0; i < weights.length; i++)
        {
            weights[i] = i / 52f;
        }
        encoder = new VmcBundleEncoder(new float[3]);
        buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(VmcBundleEncoder.BUNDLE_LENGTH));
        sender = new VmcSender("127.0.0.1", 39599, new float[3]);
    }

    /**
     * Closes the socket.
     */
    @TearDown
    public void tearDown()
    {
        sender.close();
    }

    /**
     * @return bytes written.
     */
    @Benchmark
    public int encode()
    {
        time += 0.04;
        pose[1] = (float)Math.sin(time);
        return encoder.encode(weights, pose, time, buffer, 0);
    }

    /**
     * @return whether the kernel took the datagram.
     */
    @Benchmark
    public boolean encodeAndSend()
    {
        time += 0.04;
        pose[1] = (float)Math.sin(time);
        return sender.send(weights, pose, time);
    }
}
