package io.avatar.accel;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;
import org.bytedeco.tensorrt.nvinfer.IRuntime;

import java.nio.FloatBuffer;

import static io.avatar.accel.CudaDriver.check;

/**
 * A deserialized TensorRT engine with float32 inputs and outputs whose first dimension is the batch: one execution
 * context on its own CUDA stream, pinned host buffers and device buffers sized for the largest batch, all made once.
 * Per call: the caller fills {@link #input(int)} for {@code batch} rows, {@link #run(int)} copies them up, enqueues
 * the engine, copies the outputs back and waits; {@link #output(int)} then holds them. Nothing is allocated per call.
 * <p>
 * Not thread-safe: one owner thread (the decoder stage's), which it binds the CUDA context to at each call.
 * {@link #close()} releases everything in reverse order. Compiled against the JavaCPP TensorRT 11.2 presets but not
 * yet executed on a host with TensorRT (none of our machines has it).
 */
public final class TrtRuntimeEngine implements AutoCloseable
{
    private final CudaContext context;
    private final String[] names;
    private final boolean[] isInput;
    private final int[] rowFloats;
    private final long[][] shapes;
    private final int maxBatch;
    private TrtLogger logger;
    private IRuntime runtime;
    private ICudaEngine engine;
    private IExecutionContext execution;
    private CudaStream stream;
    private DeviceBuffer[] device;
    private PinnedBuffer[] host;
    private FloatBuffer[] views;
    private Dims64[] dims;
    private Pointer[] addresses;

    /**
     * Deserializes a plan and prepares every buffer. Setup time; the context must be current.
     *
     * @param context  the CUDA context (not owned: the caller closes it after this).
     * @param plan     the serialized engine.
     * @param tensors  I/O tensor names in the order {@link #input}/{@link #output} index them: inputs first.
     * @param inputs   how many of {@code tensors} are inputs.
     * @param maxBatch the largest batch (the plan's profile must allow it).
     */
    public TrtRuntimeEngine(final CudaContext context, final byte[] plan, final String[] tensors, final int inputs,
        final int maxBatch)
    {
        this.context = context;
        this.names = tensors.clone();
        this.maxBatch = maxBatch;
        this.isInput = new boolean[tensors.length];
        this.rowFloats = new int[tensors.length];
        this.shapes = new long[tensors.length][];
        try
        {
            context.makeCurrent();
            logger = new TrtLogger();
            runtime = nvinfer.createInferRuntime(logger);
            if (runtime == null || runtime.isNull())
            {
                throw new IllegalStateException("createInferRuntime failed: " + logger.lastError());
            }
            try (BytePointer p = new BytePointer(plan))
            {
                engine = runtime.deserializeCudaEngine(p, plan.length);
            }
            if (engine == null || engine.isNull())
            {
                throw new IllegalStateException("TensorRT cannot deserialize the engine (" + logger.lastError()
                    + "); delete the cache file to rebuild it");
            }
            execution = engine.createExecutionContext();
            if (execution == null || execution.isNull())
            {
                throw new IllegalStateException("createExecutionContext failed: " + logger.lastError());
            }
            stream = CudaStream.create();
            device = new DeviceBuffer[tensors.length];
            host = new PinnedBuffer[tensors.length];
            views = new FloatBuffer[tensors.length];
            dims = new Dims64[tensors.length];
            addresses = new Pointer[tensors.length];
            for (int i = 0; i < tensors.length; i++)
            {
                final String name = tensors[i];
                isInput[i] = i < inputs;
                final boolean engineInput = engine.getTensorIOMode(name) == nvinfer.TensorIOMode.kINPUT;
                if (engineInput != isInput[i])
                {
                    throw new IllegalStateException("engine tensor " + name + " is not an " + (isInput[i] ? "input"
                        : "output"));
                }
                if (engine.getTensorDataType(name) != nvinfer.DataType.kFLOAT)
                {
                    throw new IllegalStateException("engine tensor " + name + " is " + engine.getTensorDataType(name)
                        + ", not float32");
                }
                final Dims64 shape = engine.getTensorShape(name);
                shapes[i] = new long[shape.nbDims()];
                long row = 1;
                for (int k = 0; k < shape.nbDims(); k++)
                {
                    shapes[i][k] = shape.d(k);
                    if (k > 0)
                    {
                        if (shape.d(k) < 1)
                        {
                            throw new IllegalStateException("engine tensor " + name + " has dynamic dimension " + k);
                        }
                        row *= shape.d(k);
                    }
                }
                rowFloats[i] = Math.toIntExact(row);
                final long bytes = 4L * row * maxBatch;
                device[i] = DeviceBuffer.allocate(bytes);
                host[i] = PinnedBuffer.allocate(bytes);
                views[i] = host[i].buffer().asFloatBuffer();
                final long address = device[i].address();
                addresses[i] = new Pointer()
                {
                    {
                        this.address = address;
                    }
                };
                if (!execution.setTensorAddress(name, addresses[i]))
                {
                    throw new IllegalStateException("setTensorAddress(" + name + ") failed: " + logger.lastError());
                }
                if (isInput[i])
                {
                    final Dims64 d = new Dims64();
                    d.nbDims(shape.nbDims());
                    for (int k = 1; k < shape.nbDims(); k++)
                    {
                        d.d(k, shape.d(k));
                    }
                    dims[i] = d;
                }
            }
        }
        catch (final RuntimeException | Error ex)
        {
            try
            {
                close();
            }
            catch (final RuntimeException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
    }

    /**
     * @param tensor index in the constructor's tensor list.
     * @return the pinned host buffer of that tensor, {@code maxBatch * rowFloats} floats: fill inputs before
     *     {@link #run}, read outputs after it. Owning thread only.
     */
    public FloatBuffer input(final int tensor)
    {
        if (!isInput[tensor])
        {
            throw new IllegalArgumentException(names[tensor] + " is an output");
        }
        return views[tensor];
    }

    /**
     * @param tensor index in the constructor's tensor list.
     * @return the pinned host buffer of an output, valid after {@link #run}.
     */
    public FloatBuffer output(final int tensor)
    {
        if (isInput[tensor])
        {
            throw new IllegalArgumentException(names[tensor] + " is an input");
        }
        return views[tensor];
    }

    /**
     * @param tensor index in the constructor's tensor list.
     * @return floats per batch row of that tensor.
     */
    public int rowFloats(final int tensor)
    {
        return rowFloats[tensor];
    }

    /**
     * Runs {@code batch} rows through the engine and waits for the outputs. Allocation-free; owning thread only.
     *
     * @param batch 1..maxBatch.
     */
    public void run(final int batch)
    {
        if (batch < 1 || batch > maxBatch)
        {
            throw new IllegalArgumentException("batch must be in [1, " + maxBatch + "], got " + batch);
        }
        context.makeCurrent();
        final org.bytedeco.cuda.cudart.CUstream_st s = stream.handle();
        for (int i = 0; i < names.length; i++)
        {
            if (isInput[i])
            {
                dims[i].d(0, batch);
                if (!execution.setInputShape(names[i], dims[i]))
                {
                    throw new IllegalStateException("setInputShape(" + names[i] + ", batch " + batch + ") failed");
                }
                check(cudart.cuMemcpyHtoDAsync(device[i].address(), host[i].pointer(), 4L * rowFloats[i] * batch, s),
                    "cuMemcpyHtoDAsync(" + names[i] + ")");
            }
        }
        if (!execution.enqueueV3(s))
        {
            throw new IllegalStateException("TensorRT enqueueV3 failed: " + logger.lastError());
        }
        for (int i = 0; i < names.length; i++)
        {
            if (!isInput[i])
            {
                check(cudart.cuMemcpyDtoHAsync(host[i].pointer(), device[i].address(), 4L * rowFloats[i] * batch, s),
                    "cuMemcpyDtoHAsync(" + names[i] + ")");
            }
        }
        stream.synchronize();
    }

    /**
     * @return the largest batch.
     */
    public int maxBatch()
    {
        return maxBatch;
    }

    @Override
    public void close()
    {
        if (host != null)
        {
            for (int i = host.length - 1; i >= 0; i--)
            {
                if (host[i] != null)
                {
                    host[i].close();
                }
                if (device[i] != null)
                {
                    device[i].close();
                }
                if (dims[i] != null)
                {
                    dims[i].close();
                }
            }
            host = null;
            device = null;
            dims = null;
            addresses = null;
        }
        if (stream != null)
        {
            stream.close();
            stream = null;
        }
        if (execution != null)
        {
            execution.close();
            execution = null;
        }
        if (engine != null)
        {
            engine.close();
            engine = null;
        }
        if (runtime != null)
        {
            runtime.close();
            runtime = null;
        }
        if (logger != null)
        {
            logger.close();
            logger = null;
        }
    }
}
