package io.avatar.accel;

import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static io.avatar.accel.CudaDriver.check;

/**
 * Owner of one loaded CUDA module (PTX JIT-compiled by the driver for the current device). Its context must be
 * current when loading, looking up functions and closing. {@link #close()} unloads it; idempotent.
 */
public final class CudaModule implements AutoCloseable
{
    /** Folder of the PTX resources and their manifest (written by native/src/main/cuda/build-ptx.sh). */
    public static final String RESOURCE_DIR = "/io/avatar/accel/cuda/";

    private final String name;
    private CUmod_st module;

    private CudaModule(final String name, final CUmod_st module)
    {
        this.name = name;
        this.module = module;
    }

    /**
     * Loads PTX text. Setup time.
     *
     * @param name what it is (named in errors).
     * @param ptx  the PTX source.
     * @return the owner of the module.
     */
    public static CudaModule loadPtx(final String name, final String ptx)
    {
        final CUmod_st m = new CUmod_st();
        try (BytePointer image = new BytePointer(ptx, StandardCharsets.US_ASCII))
        {
            // BytePointer(String) is NUL-terminated, as cuModuleLoadData wants for PTX
            check(cudart.cuModuleLoadData(m, image), "cuModuleLoadData(" + name + ")");
        }
        return new CudaModule(name, m);
    }

    /**
     * @param base      resource base name, e.g. {@code "avatar_render"}.
     * @param major     the device's compute capability major.
     * @return the PTX resource name that suits the device: {@code sm_90} PTX on Hopper and newer, else the portable
     *     {@code sm_75} PTX (the oldest target CUDA 13 supports; the driver JIT-compiles it for the device).
     */
    public static String ptxResource(final String base, final int major)
    {
        return RESOURCE_DIR + base + (major >= 9 ? ".sm_90.ptx" : ".sm_75.ptx");
    }

    /**
     * @param resource class-path resource.
     * @return its text.
     * @throws IllegalStateException when it is missing (a broken build: the PTX is committed).
     */
    public static String readResource(final String resource)
    {
        try (InputStream in = CudaModule.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException("CUDA kernel resource " + resource + " is not on the class path "
                    + "(run native/src/main/cuda/build-ptx.sh and rebuild)");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read " + resource + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param function an {@code extern "C"} kernel name.
     * @return its handle (valid while this module is loaded).
     */
    public CUfunc_st function(final String function)
    {
        if (module == null)
        {
            throw new IllegalStateException("CUDA module " + name + " is closed");
        }
        final CUfunc_st f = new CUfunc_st();
        check(cudart.cuModuleGetFunction(f, module, function), "cuModuleGetFunction(" + name + ", " + function + ")");
        return f;
    }

    @Override
    public void close()
    {
        final CUmod_st m = module;
        if (m != null)
        {
            module = null;
            check(cudart.cuModuleUnload(m), "cuModuleUnload(" + name + ")");
        }
    }
}
