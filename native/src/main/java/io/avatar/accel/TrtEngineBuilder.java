package io.avatar.accel;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.global.nvonnxparser;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.IBuilder;
import org.bytedeco.tensorrt.nvinfer.IBuilderConfig;
import org.bytedeco.tensorrt.nvinfer.IHostMemory;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IOptimizationProfile;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvonnxparser.IParser;

/**
 * Builds a serialized TensorRT engine (plan) from an ONNX graph whose inputs have a dynamic leading batch dimension
 * and fixed other dimensions, with one optimization profile covering batches 1..maxBatch (optimised for
 * {@code min(maxBatch, 8)}: the number of sessions one GPU decoder typically serves per tick).
 * <p>
 * Precision: TensorRT 11 builds strongly typed networks only (the FP16 builder flag of TensorRT <= 10 is gone), so a
 * plan computes in the precision of the ONNX graph's tensors; TF32 is allowed for FP32 matrix products. An FP16 plan
 * therefore needs an FP16 graph, and the key's precision ({@link TrtEngineKey#precision()}) records which one was
 * built. Setup time; any thread with the CUDA context current; takes seconds.
 * <p>
 * Compiled against the JavaCPP TensorRT 11.2 presets but not yet executed on a host with TensorRT (none of our
 * machines has it): see docs/GPU.md.
 */
public final class TrtEngineBuilder
{
    private static final long WORKSPACE_BYTES = 256L << 20;

    private TrtEngineBuilder()
    {
    }

    /**
     * @param onnx     the ONNX graph.
     * @param name     what it is (named in errors).
     * @param maxBatch the profile's largest batch.
     * @return the serialized engine.
     * @throws IllegalStateException when TensorRT cannot parse or build it (the message carries TensorRT's errors).
     */
    public static byte[] build(final byte[] onnx, final String name, final int maxBatch)
    {
        if (maxBatch < 1)
        {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        final TrtLogger logger = new TrtLogger();
        final IBuilder builder = nvinfer.createInferBuilder(logger);
        if (builder == null || builder.isNull())
        {
            throw new IllegalStateException("createInferBuilder failed: " + logger.lastError());
        }
        final INetworkDefinition network = builder.createNetworkV2(0);
        final IParser parser = nvonnxparser.createParser(network, logger);
        final IBuilderConfig config = builder.createBuilderConfig();
        try (BytePointer model = new BytePointer(onnx))
        {
            if (!parser.parse(model, onnx.length))
            {
                final StringBuilder errors = new StringBuilder();
                for (int i = 0; i < parser.getNbErrors(); i++)
                {
                    errors.append("; ").append(parser.getError(i).desc());
                }
                throw new IllegalStateException("TensorRT cannot parse " + name + errors);
            }
            final IOptimizationProfile profile = builder.createOptimizationProfile();
            for (int i = 0; i < network.getNbInputs(); i++)
            {
                final ITensor input = network.getInput(i);
                final Dims64 dims = input.getDimensions();
                if (dims.nbDims() < 1 || dims.d(0) != -1)
                {
                    throw new IllegalStateException(name + " input " + input.getName() + " has no dynamic batch "
                        + "dimension");
                }
                for (int k = 1; k < dims.nbDims(); k++)
                {
                    if (dims.d(k) < 1)
                    {
                        throw new IllegalStateException(name + " input " + input.getName() + " dimension " + k
                            + " is dynamic; only the batch may be");
                    }
                }
                profile.setDimensions(input.getName(), nvinfer.OptProfileSelector.kMIN, withBatch(dims, 1));
                profile.setDimensions(input.getName(), nvinfer.OptProfileSelector.kOPT,
                    withBatch(dims, Math.min(maxBatch, 8)));
                profile.setDimensions(input.getName(), nvinfer.OptProfileSelector.kMAX, withBatch(dims, maxBatch));
            }
            config.addOptimizationProfile(profile);
            config.setMemoryPoolLimit(nvinfer.MemoryPoolType.kWORKSPACE, WORKSPACE_BYTES);
            config.setFlag(nvinfer.BuilderFlag.kTF32);
            final IHostMemory plan = builder.buildSerializedNetwork(network, config);
            if (plan == null || plan.isNull() || plan.size() == 0)
            {
                throw new IllegalStateException("TensorRT could not build " + name + ": " + logger.lastError());
            }
            final byte[] bytes = new byte[(int)plan.size()];
            new BytePointer(plan.data()).capacity(plan.size()).get(bytes);
            plan.close();
            return bytes;
        }
        finally
        {
            // TensorRT objects are released by C++ delete in reverse order of creation; the JavaCPP presets expose
            // that as close() where they own the object (see docs/GPU.md, "open questions")
            config.close();
            parser.close();
            network.close();
            builder.close();
            logger.close();
        }
    }

    private static Dims64 withBatch(final Dims64 dims, final int batch)
    {
        final Dims64 d = new Dims64();
        d.nbDims(dims.nbDims());
        d.d(0, batch);
        for (int k = 1; k < dims.nbDims(); k++)
        {
            d.d(k, dims.d(k));
        }
        return d;
    }
}
