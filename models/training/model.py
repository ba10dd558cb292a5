"""Voice-to-motion decoder (PyTorch): a valid-convolution audio encoder whose receptive field is exactly the input
window (P past + F future mel frames around video frame k: mel frames 4k-P .. 4k+F-1), a style embedding, and
StyleTalk-style dynamic feed-forward layers (seed 001 Eq. 2-3: K=8 kernel sets mixed by softmax of the style) in
separate lower-face, upper-face and pose heads.

Trained fully convolutionally on whole clips (one output per 4 mel frames = 25 fps); exported as the same network on
one window, so the streaming model is bit-for-bit the training model (checked in export.py).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .rig import LOWER, UPPER

# Debian torch 1.13.1 (CPU): the oneDNN backward of dilated Conv1d returned NaN / 1e4-scale gradients here; the
# native kernels are correct, so the recipe disables oneDNN wherever it trains or evaluates.
torch.backends.mkldnn.enabled = False

MEL_PER_VIDEO = 4
DILATIONS = (1, 2, 4, 2)


def receptive_field():
    rf, jump = 4, 2          # c1: kernel 4, stride 2
    rf += 3 * jump; jump *= 2  # c2: kernel 4, stride 2
    for d in DILATIONS:
        rf += 2 * d * jump
    return rf


WINDOW = receptive_field()  # 82 mel frames
FUTURE = 10                 # mel frames 4k .. 4k+9 are in the window: its last sample is at 40k ms + 115 ms
PAST = WINDOW - FUTURE      # 72 (0.72 s of history)


class DynFFN(nn.Module):
    """y = g(W(s)^T x + b(s)), W(s) = sum_k pi_k(s) W_k, b(s) = sum_k pi_k(s) b_k, pi = softmax(A e(s) + c)."""

    def __init__(self, d_in, d_out, d_style, k=8, act=True):
        super().__init__()
        self.w = nn.Parameter(torch.randn(k, d_in, d_out) * (1.0 / d_in) ** 0.5)
        self.b = nn.Parameter(torch.zeros(k, d_out))
        self.att = nn.Linear(d_style, k)
        self.act = act

    def forward(self, x, e):
        """x [B, T, d_in], e [B, d_style] -> [B, T, d_out]."""
        pi = torch.softmax(self.att(e), dim=-1)                 # [B, K]
        w = torch.einsum("bk,kio->bio", pi, self.w)             # [B, d_in, d_out]
        b = pi @ self.b                                         # [B, d_out]
        y = torch.bmm(x, w) + b[:, None, :]
        return F.gelu(y) if self.act else y


class Encoder(nn.Module):
    def __init__(self, c=128):
        super().__init__()
        self.c1 = nn.Conv1d(80, c, 4, stride=2)
        self.c2 = nn.Conv1d(c, c, 4, stride=2)
        self.res = nn.ModuleList([nn.Conv1d(c, c, 3, dilation=d) for d in DILATIONS])
        self.norms = nn.ModuleList([nn.LayerNorm(c) for _ in DILATIONS])  # per frame: keeps the window property

    def forward(self, mel):
        """mel [B, T, 80] normalised -> [B, K, c] with K = (T - WINDOW) // 4 + 1."""
        x = mel.transpose(1, 2)
        x = F.gelu(self.c1(x))
        x = F.gelu(self.c2(x))
        for conv, norm, d in zip(self.res, self.norms, DILATIONS):
            y = conv(norm(x.transpose(1, 2)).transpose(1, 2))
            x = x[:, :, d: x.shape[2] - d] + F.gelu(y)
        return x.transpose(1, 2)


class Decoder(nn.Module):
    def __init__(self, c=128, d_style=64, k=8, h_low=160, h_up=80, h_pose=80):
        super().__init__()
        self.enc = Encoder(c)
        self.style = nn.Sequential(nn.Linear(110, 128), nn.GELU(), nn.Linear(128, d_style), nn.GELU())
        d_in = c + d_style
        self.low1 = DynFFN(d_in, h_low, d_style, k)
        self.low2 = DynFFN(h_low, h_low, d_style, k)
        self.low_out = nn.Linear(h_low, len(LOWER))
        self.up1 = DynFFN(d_in, h_up, d_style, k)
        self.up2 = DynFFN(h_up, h_up, d_style, k)
        self.up_out = nn.Linear(h_up, len(UPPER))
        self.pose1 = DynFFN(d_in, h_pose, d_style, k)
        self.pose2 = DynFFN(h_pose, h_pose, d_style, k)
        self.pose_out = nn.Linear(h_pose, 6)
        idx = torch.tensor(LOWER + UPPER)
        self.register_buffer("perm", torch.argsort(idx))  # [lower | upper] -> ARKit order

    def forward(self, mel, style_n):
        """mel [B, T, 80] (CMVN'd), style_n [B, 110] (normalised code) -> weights [B, K, 52] in [0,1],
        pose_n [B, K, 6] (pose divided by the training pose scale)."""
        a = self.enc(mel)
        e = self.style(style_n)
        x = torch.cat([a, e[:, None, :].expand(-1, a.shape[1], -1)], dim=-1)
        lo = self.low_out(self.low2(self.low1(x, e), e))
        up = self.up_out(self.up2(self.up1(x, e), e))
        w = torch.sigmoid(torch.cat([lo, up], dim=-1))[:, :, self.perm]
        pose = self.pose_out(self.pose2(self.pose1(x, e), e))
        return w, pose


def n_params(m):
    return sum(p.numel() for p in m.parameters())
