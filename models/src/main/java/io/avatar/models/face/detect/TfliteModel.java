package io.avatar.models.face.detect;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteTensor;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

/**
 * One TensorFlow Lite interpreter over a float32 model with one input and known outputs. Owns the native model,
 * op resolver and interpreter; checks the tensor shapes when it loads, so a different model file fails at start-up
 * with the shapes it has, not with garbage per frame. The input and output tensors are exposed as direct float
 * buffers over the interpreter's own memory, fetched once, so {@link #invoke()} allocates nothing.
 * <p>
 * Not thread-safe: one thread fills the input, invokes and reads the outputs. {@link #close()} is idempotent.
 */
final class TfliteModel implements AutoCloseable
{
    private FlatBufferModel model;
    private BuiltinOpResolver resolver;
    private Interpreter interpreter;
    private final String name;
    private final FloatBuffer input;
    private final FloatBuffer[] outputs;

    /**
     * Loads and validates a model.
     *
     * @param file         the .tflite file.
     * @param threads      CPU threads for the interpreter (1..16).
     * @param inputShape   the required input shape, e.g. {@code {1, 128, 128, 3}}.
     * @param outputShapes the required shapes of outputs 0, 1, ...
     */
    TfliteModel(final Path file, final int threads, final int[] inputShape, final int[]... outputShapes)
    {
        this.name = file.getFileName().toString();
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("model file " + file + " does not exist");
        }
        try
        {
            model = FlatBufferModel.BuildFromFile(file.toString());
            if (model == null || model.isNull() || !model.initialized())
            {
                throw new IllegalStateException("TensorFlow Lite cannot parse " + file + " as a model");
            }
            resolver = new BuiltinOpResolver();
            interpreter = new Interpreter((Pointer)null);
            final InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
            try
            {
                check(builder.SetNumThreads(threads), "InterpreterBuilder.SetNumThreads(" + threads + ")");
                check(builder.apply(interpreter), "InterpreterBuilder(" + name + ")");
            }
            finally
            {
                builder.close();
            }
            check(interpreter.AllocateTensors(), "AllocateTensors");
            input = view(interpreter.input_tensor(0), "input 0", inputShape,
                interpreter.typed_input_tensor_float(0));
            outputs = new FloatBuffer[outputShapes.length];
            for (int i = 0; i < outputShapes.length; i++)
            {
                outputs[i] = view(interpreter.output_tensor(i), "output " + i, outputShapes[i],
                    interpreter.typed_output_tensor_float(i));
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private FloatBuffer view(final TfLiteTensor tensor, final String what, final int[] shape,
        final FloatPointer data)
    {
        if (tensor == null || tensor.isNull())
        {
            throw new IllegalStateException("model " + name + " has no " + what);
        }
        final TfLiteIntArray dims = tensor.dims();
        final int[] actual = new int[dims.size()];
        for (int i = 0; i < actual.length; i++)
        {
            actual[i] = dims.data(i);
        }
        if (!Arrays.equals(actual, shape) || tensor.type() != kTfLiteFloat32)
        {
            throw new IllegalStateException("model " + name + ": " + what + " '" + tensor.name().getString()
                + "' is " + Arrays.toString(actual) + " of TfLiteType " + tensor.type() + ", expected "
                + Arrays.toString(shape) + " float32 (is this the MediaPipe model the asset store pins?)");
        }
        long n = 1;
        for (final int d : shape)
        {
            n *= d;
        }
        if (data == null || data.isNull())
        {
            throw new IllegalStateException("model " + name + ": " + what + " has no float data");
        }
        return data.capacity(n).asBuffer();
    }

    private void check(final int status, final String call)
    {
        if (status != kTfLiteOk)
        {
            throw new IllegalStateException("TensorFlow Lite " + call + " failed with status " + status
                + " for model " + name);
        }
    }

    /**
     * @return the input tensor as floats (absolute puts; do not keep past {@link #close()}).
     */
    FloatBuffer input()
    {
        return input;
    }

    /**
     * @param i output index.
     * @return the output tensor as floats, valid after {@link #invoke()}.
     */
    FloatBuffer output(final int i)
    {
        return outputs[i];
    }

    /**
     * Runs the model on the current input. Allocation-free.
     */
    void invoke()
    {
        final int status = interpreter.Invoke();
        if (status != kTfLiteOk)
        {
            throw new IllegalStateException("TensorFlow Lite Invoke failed with status " + status + " for model "
                + name);
        }
    }

    @Override
    public void close()
    {
        // reverse order of construction: the interpreter references the model and the resolver
        if (interpreter != null)
        {
            interpreter.close();
            interpreter = null;
        }
        if (resolver != null)
        {
            resolver.close();
            resolver = null;
        }
        if (model != null)
        {
            model.close();
            model = null;
        }
    }
}
