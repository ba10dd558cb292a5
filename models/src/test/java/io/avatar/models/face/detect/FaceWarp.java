package io.avatar.models.face.detect;

import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;
import io.avatar.models.image.RgbImage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * Test helper: turns the face of a portrait in 3D by a piecewise-affine warp of the canonical mesh's triangles
 * (z-buffered, orthographic), leaving the rest of the picture in place. A crude stand-in for a renderer, enough to
 * show the pose solver a face at a known rotation away from the portrait's own pose.
 */
final class FaceWarp
{
    private FaceWarp()
    {
    }

    /** Reads the 898 triangles (Mesh3d.index_buffer, field 4 of field 1). */
    static int[] triangles() throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(AssetStore.openDefault().ensure(
            AssetId.CANONICAL_MESH)));
        int[] idx = new int[4096];
        int n = 0;
        while (b.hasRemaining())
        {
            final long key = varint(b);
            if ((key >>> 3) == 1 && (key & 7) == 2)
            {
                final int len = (int)varint(b);
                final ByteBuffer mesh = b.slice(b.position(), len);
                b.position(b.position() + len);
                while (mesh.hasRemaining())
                {
                    final long mk = varint(mesh);
                    final int wire = (int)(mk & 7);
                    if ((mk >>> 3) == 4 && wire == 0)
                    {
                        idx[n++] = (int)varint(mesh);
                    }
                    else if ((mk >>> 3) == 4 && wire == 2)
                    {
                        final int l = (int)varint(mesh);
                        final int end = mesh.position() + l;
                        while (mesh.position() < end)
                        {
                            idx[n++] = (int)varint(mesh);
                        }
                    }
                    else if (wire == 0)
                    {
                        varint(mesh);
                    }
                    else if (wire == 5)
                    {
                        mesh.position(mesh.position() + 4);
                    }
                    else if (wire == 2)
                    {
                        final int l = (int)varint(mesh);
                        mesh.position(mesh.position() + l);
                    }
                    else
                    {
                        throw new IOException("wire type " + wire);
                    }
                }
            }
            else if ((key & 7) == 2)
            {
                final int len = (int)varint(b);
                b.position(b.position() + len);
            }
            else if ((key & 7) == 0)
            {
                varint(b);
            }
            else
            {
                throw new IOException("wire type " + (key & 7));
            }
        }
        if (n != 898 * 3)
        {
            throw new IOException("expected 898 triangles, read " + n / 3.0);
        }
        return Arrays.copyOf(idx, n);
    }

    private static long varint(final ByteBuffer b)
    {
        long v = 0;
        for (int shift = 0; ; shift += 7)
        {
            final int c = b.get() & 0xFF;
            v |= (long)(c & 0x7F) << shift;
            if (c < 0x80)
            {
                return v;
            }
        }
    }

    /**
     * Rotates the face about the head centre (the pose's translation) by yaw then pitch, in the camera frame.
     *
     * @param src       the portrait.
     * @param lm        its landmarks.
     * @param pose      its pose (for the depth scale and head centre).
     * @param tris      triangle indices.
     * @param yawDeg    yaw to add (head turns to its own left when positive).
     * @param pitchDeg  pitch to add (chin down when positive).
     * @return the warped picture.
     */
    static RgbImage turn(final RgbImage src, final float[] lm, final FacePose pose, final int[] tris,
        final double yawDeg, final double pitchDeg)
    {
        return turn(src, lm, pose, tris, yawDeg, pitchDeg, 1.0);
    }

    static RgbImage turn(final RgbImage src, final float[] lm, final FacePose pose, final int[] tris,
        final double yawDeg, final double pitchDeg, final double depthGain)
    {
        final int n = lm.length / 3;
        final double k = pose.depthScale() * depthGain;
        final double[] c = pose.translation();
        final double cy = Math.cos(Math.toRadians(yawDeg));
        final double sy = Math.sin(Math.toRadians(yawDeg));
        final double cp = Math.cos(Math.toRadians(pitchDeg));
        final double sp = Math.sin(Math.toRadians(pitchDeg));
        final double[] dx = new double[n];
        final double[] dy = new double[n];
        final double[] dz = new double[n];
        for (int i = 0; i < n; i++)
        {
            final double x = lm[3 * i] - c[0];
            final double y = -lm[3 * i + 1] - c[1];
            final double z = -k * lm[3 * i + 2] - c[2];
            // pitch (Rx, chin down for +) then yaw (Ry, nose to +X for +)
            final double y1 = cp * y - sp * z;
            final double z1 = sp * y + cp * z;
            final double x2 = cy * x + sy * z1;
            final double z2 = -sy * x + cy * z1;
            dx[i] = x2 + c[0];
            dy[i] = -(y1 + c[1]);
            dz[i] = z2;
        }
        final int w = src.width();
        final int h = src.height();
        final RgbImage out = new RgbImage(w, h, src.rgb().clone(), src.name() + " turned");
        final double[] zbuf = new double[w * h];
        Arrays.fill(zbuf, Double.NEGATIVE_INFINITY);
        final byte[] s = src.rgb();
        final byte[] d = out.rgb();
        for (int t = 0; t < tris.length; t += 3)
        {
            final int a = tris[t];
            final int b = tris[t + 1];
            final int e = tris[t + 2];
            final double area = (dx[b] - dx[a]) * (dy[e] - dy[a]) - (dx[e] - dx[a]) * (dy[b] - dy[a]);
            if (Math.abs(area) < 1e-9)
            {
                continue;
            }
            final int x0 = Math.max(0, (int)Math.floor(Math.min(dx[a], Math.min(dx[b], dx[e]))));
            final int x1 = Math.min(w - 1, (int)Math.ceil(Math.max(dx[a], Math.max(dx[b], dx[e]))));
            final int y0 = Math.max(0, (int)Math.floor(Math.min(dy[a], Math.min(dy[b], dy[e]))));
            final int y1 = Math.min(h - 1, (int)Math.ceil(Math.max(dy[a], Math.max(dy[b], dy[e]))));
            for (int py = y0; py <= y1; py++)
            {
                for (int px = x0; px <= x1; px++)
                {
                    final double qx = px + 0.5;
                    final double qy = py + 0.5;
                    final double wb = ((qx - dx[a]) * (dy[e] - dy[a]) - (dx[e] - dx[a]) * (qy - dy[a])) / area;
                    final double we = ((dx[b] - dx[a]) * (qy - dy[a]) - (qx - dx[a]) * (dy[b] - dy[a])) / area;
                    final double wa = 1 - wb - we;
                    if (wa < -1e-6 || wb < -1e-6 || we < -1e-6)
                    {
                        continue;
                    }
                    final double z = wa * dz[a] + wb * dz[b] + we * dz[e];
                    if (z <= zbuf[py * w + px])
                    {
                        continue;
                    }
                    zbuf[py * w + px] = z;
                    final double sx = wa * lm[3 * a] + wb * lm[3 * b] + we * lm[3 * e] - 0.5;
                    final double sy2 = wa * lm[3 * a + 1] + wb * lm[3 * b + 1] + we * lm[3 * e + 1] - 0.5;
                    final int ix = Math.max(0, Math.min(w - 2, (int)Math.floor(sx)));
                    final int iy = Math.max(0, Math.min(h - 2, (int)Math.floor(sy2)));
                    final double fx = Math.max(0, Math.min(1, sx - ix));
                    final double fy = Math.max(0, Math.min(1, sy2 - iy));
                    for (int ch = 0; ch < 3; ch++)
                    {
                        final double v = (1 - fx) * (1 - fy) * (s[(iy * w + ix) * 3 + ch] & 0xFF)
                            + fx * (1 - fy) * (s[(iy * w + ix + 1) * 3 + ch] & 0xFF)
                            + (1 - fx) * fy * (s[((iy + 1) * w + ix) * 3 + ch] & 0xFF)
                            + fx * fy * (s[((iy + 1) * w + ix + 1) * 3 + ch] & 0xFF);
                        d[(py * w + px) * 3 + ch] = (byte)Math.round(v);
                    }
                }
            }
        }
        return out;
    }
}
