"""PyTorch twin of DeepBenchmark: the same four networks, data, epochs and batch size, one thread.

Usage: python torch_bench.py DATA_DIR EPOCHS BATCH OUT.json
DATA_DIR holds x.npy (float32 [n, length*20], one-hot position-major), y.npy and n_train.npy.
Initialisation differs from DJL's (PyTorch defaults), so only timings, not numbers, are compared.
"""
import json
import math
import sys
import time

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)
torch.set_num_interop_threads(1)


class Mlp(nn.Module):
    def __init__(self, width, hidden=64, layers=2, dropout=0.1):
        super().__init__()
        mods, w = [], width
        for _ in range(layers):
            mods += [nn.Linear(w, hidden), nn.ReLU(), nn.Dropout(dropout)]
            w = hidden
        self.net = nn.Sequential(*mods, nn.Linear(w, 1))

    def forward(self, x):
        return self.net(x)


class Cnn1d(nn.Module):
    def __init__(self, length, filters=64, kernel=5, dropout=0.1):
        super().__init__()
        self.length = length
        self.conv = nn.Conv1d(20, filters, kernel, padding=kernel // 2)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(filters, 1)

    def forward(self, x):
        h = torch.relu(self.conv(x.view(-1, self.length, 20).transpose(1, 2)))
        return self.head(self.drop(h.amax(dim=2)))


class BiLstm(nn.Module):
    """Two unidirectional LSTMs, the second on the reversed sequence, as the DJL version."""

    def __init__(self, length, hidden=32, dropout=0.1):
        super().__init__()
        self.length = length
        self.fwd = nn.LSTM(20, hidden, batch_first=True)
        self.bwd = nn.LSTM(20, hidden, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(2 * hidden, 1)

    def forward(self, x):
        s = x.view(-1, self.length, 20)
        a, _ = self.fwd(s)
        b, _ = self.bwd(s.flip(1))
        h = torch.cat([a, b.flip(1)], dim=2).amax(dim=1)
        return self.head(self.drop(h))


class Transformer(nn.Module):
    def __init__(self, length, d=32, heads=4, layers=2, ff=64, dropout=0.1):
        super().__init__()
        self.length = length
        self.embed = nn.Linear(20, d)
        pos = torch.arange(length).unsqueeze(1).double()
        i = torch.arange(d).double()
        angle = pos / torch.pow(10000.0, (i - i % 2) / d)
        pe = torch.where(i % 2 == 0, torch.sin(angle), torch.cos(angle)).float()
        self.register_buffer("pe", pe)
        layer = nn.TransformerEncoderLayer(d, heads, ff, dropout, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(d, 1)

    def forward(self, x):
        s = x.view(-1, self.length, 20)
        real = s.sum(dim=2)
        h = self.encoder(self.embed(s) + self.pe, src_key_padding_mask=real == 0)
        pooled = (h * real.unsqueeze(2)).sum(dim=1) / real.sum(dim=1, keepdim=True).clamp(min=1)
        return self.head(self.drop(pooled))


def roc_auc(y, p):
    order = np.argsort(p, kind="mergesort")
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    # average ranks for ties
    sp = p[order]
    i = 0
    while i < len(sp):
        j = i
        while j + 1 < len(sp) and sp[j + 1] == sp[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j + 2) / 2
        i = j + 1
    pos = y == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def main():
    data, epochs, batch, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    x = torch.from_numpy(np.load(f"{data}/x.npy"))
    y = np.load(f"{data}/y.npy")
    n_train = int(np.load(f"{data}/n_train.npy")[0])
    length = x.shape[1] // 20
    xtr, ytr = x[:n_train], torch.from_numpy(y[:n_train]).float().unsqueeze(1)
    xte, yte = x[n_train:], y[n_train:]
    nets = {"mlp": lambda: Mlp(x.shape[1]), "cnn1d": lambda: Cnn1d(length), "bilstm": lambda: BiLstm(length),
            "transformer": lambda: Transformer(length)}
    results = []
    for family, make in nets.items():
        torch.manual_seed(7)
        net = make()
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        loss_fn = nn.BCEWithLogitsLoss()
        gen = torch.Generator().manual_seed(7)
        t0 = time.perf_counter()
        c0 = time.thread_time()
        for _ in range(epochs):
            net.train()
            perm = torch.randperm(n_train, generator=gen)
            for s in range(0, n_train, batch):
                idx = perm[s:s + batch]
                opt.zero_grad()
                loss = loss_fn(net(xtr[idx]), ytr[idx])
                loss.backward()
                opt.step()
        fit = time.perf_counter() - t0
        fit_cpu = time.thread_time() - c0
        net.eval()
        t1 = time.perf_counter()
        with torch.no_grad():
            z = torch.cat([net(xte[s:s + 1024]) for s in range(0, len(xte), 1024)]).squeeze(1)
        pred = time.perf_counter() - t1
        auc = roc_auc(yte, torch.sigmoid(z).double().numpy())
        results.append({"family": family, "fit_seconds": fit, "fit_cpu_seconds": fit_cpu, "seconds_per_epoch": fit / epochs,
                        "predict_seconds": pred, "test_roc_auc": auc})
        print(f"{family:12s} fit {fit:.1f}s (cpu {fit_cpu:.1f}s, {fit / epochs:.2f}s/epoch)  predict {pred:.2f}s  AUC {auc:.3f}",
              file=sys.stderr)
    json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results},
              open(out, "w"), indent=2)


if __name__ == "__main__":
    main()
