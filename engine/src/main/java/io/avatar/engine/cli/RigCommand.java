package io.avatar.engine.cli;

import io.avatar.models.face.CanonicalFaceMesh;
import io.avatar.models.rig.FaceRig;
import io.avatar.models.rig.RigBuilder;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code avatar rig build}: regenerates the face rig file from the canonical mesh with {@link RigBuilder}, so the
 * shipped {@code rig-v1.json} can be reviewed and rebuilt.
 */
public final class RigCommand implements CliCommand
{
    private static final String DEFAULT_OUT = "models/src/main/resources/io/avatar/models/rig/rig-v1.json";

    @Override
    public String name()
    {
        return "rig";
    }

    @Override
    public String summary()
    {
        return "rig build: regenerate the ARKit-named face rig (rig-v1.json) from the canonical mesh";
    }

    @Override
    public String usage()
    {
        return "build [--out PATH]\n--out PATH   where to write (default " + DEFAULT_OUT + ")";
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final Path path = args.path("out", Path.of(DEFAULT_OUT));
        args.rejectUnknown();
        if (args.positional().size() != 1 || !"build".equals(args.positional().get(0)))
        {
            throw new CliArgs.UsageException("expected the sub-command 'build', got " + args.positional());
        }
        final FaceRig rig = RigBuilder.build(CanonicalFaceMesh.loadDefault());
        final Path parent = path.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        Files.writeString(path, rig.toJson(), StandardCharsets.UTF_8);
        out.println("wrote " + path + " (" + rig.vertexCount() + " vertices, version " + FaceRig.VERSION + ")");
        return 0;
    }
}
