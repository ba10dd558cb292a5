package io.avatar.accel;

import org.bytedeco.tensorrt.nvinfer.ILogger;

/**
 * TensorRT's logger, forwarded to System.Logger {@code io.avatar.accel.tensorrt}: errors as ERROR, warnings as
 * WARNING, the rest as DEBUG. TensorRT may call it from its own threads; System.Logger is thread-safe. One instance
 * per builder or runtime, kept alive as long as they are.
 */
final class TrtLogger extends ILogger
{
    private static final System.Logger LOG = System.getLogger("io.avatar.accel.tensorrt");

    private volatile String lastError;

    @Override
    public void log(final Severity severity, final String msg)
    {
        final System.Logger.Level level = switch (severity)
        {
            case kINTERNAL_ERROR, kERROR -> System.Logger.Level.ERROR;
            case kWARNING -> System.Logger.Level.WARNING;
            default -> System.Logger.Level.DEBUG;
        };
        if (level == System.Logger.Level.ERROR)
        {
            lastError = msg;
        }
        LOG.log(level, msg);
    }

    /**
     * @return the last error TensorRT reported, or null (added to exception messages).
     */
    String lastError()
    {
        return lastError;
    }
}
