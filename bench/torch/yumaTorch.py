#!/usr/bin/env python3
"""Times the torch Yuma simulator (bactensor/yuma-simulation) on the inputs of bench/yuma.bench.ts.

The simulator is not part of Tensorium: this driver loads its `yuma_simulation/_internal/yumas.py` (which needs
only torch) from the directory named by --src or the YUMA_SIMULATION_SRC environment variable (the simulator's
`src` directory), and times its epoch functions the way people run it (torch, float64, one thread, dense matrices,
bonds present).

Inputs are the ones bench/yuma.bench.ts builds for a dense row: the same xorshift generator and seed
(42 + V + N), V validators weighting all N uids with u16 weights, u16 bonds on every cell, and validator stakes.

  Yuma3     the simulator's Yuma 3 (relative bonds), compared with Tensorium's Yuma3 epoch
  YumaRust  the simulator's model of the chain's Yuma 2 (bond EMA), compared with Tensorium's classic epoch

Modes:
  yumaTorch.py --sizes 64x256,256x1024,256x4096 [--min-ms 1500] [--fn Yuma3,YumaRust]
      prints one JSON line per size and function: {fn, size, v, n, median_ms, p10_ms, cpu_median_ms, runs}
  yumaTorch.py --serve
      reads requests "FN VxN MIN_MS" from standard input, one a line, and answers each with one JSON line
      (the same fields, plus the wall and CPU samples in ms); inputs are built once per size. Used by bench/yuma.bench.ts to
      interleave torch runs with its own.
"""

import argparse
import importlib.util
import json
import os
import sys
import time

FUNCTIONS = ("Yuma3", "YumaRust")


def load_yumas(src):
    """The simulator's yumas.py module, loaded from its file (the package __init__ needs pandas and matplotlib)."""
    path = os.path.join(src, "yuma_simulation", "_internal", "yumas.py")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no {path}: set YUMA_SIMULATION_SRC to the simulator's src directory")
    spec = importlib.util.spec_from_file_location("yuma_simulation_yumas", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Xorshift:
    """bench/yuma.bench.ts's xorshift32: floats in [0, 1) from the same seed give the same sequence."""

    def __init__(self, seed):
        self.s = (seed & 0xFFFFFFFF) or 1

    def __call__(self):
        s = self.s
        s = (s ^ (s << 13)) & 0xFFFFFFFF
        s ^= s >> 17
        s = (s ^ (s << 5)) & 0xFFFFFFFF
        self.s = s
        return s / 4294967296


def make_inputs(torch, v, n):
    """Dense weights W (V×N), stakes S (V) and previous bonds B_old (V×N, in [0, 1]) as float64 tensors."""
    rnd = Xorshift(42 + v + n)
    weights = []
    bonds = []
    for _ in range(v):
        weights.append([1 + int(rnd() * 65535) for _ in range(n)])
        bonds.append([int(rnd() * 65536) for _ in range(n)])
    stakes = [(1 + int(rnd() * 1e6)) * 1e9 for _ in range(v)]
    w = torch.tensor(weights, dtype=torch.float64)
    s = torch.tensor(stakes, dtype=torch.float64)
    b = torch.tensor(bonds, dtype=torch.float64) / 65535
    return w, s, b


def make_config(yumas):
    """The chain parameters of bench/yuma.bench.ts in the simulator's terms (kappa 0.5, EMA 0.9, full penalty)."""
    return yumas.YumaConfig(
        simulation=yumas.SimulationHyperparameters(kappa=32767 / 65535, bond_penalty=1.0),
        yuma_params=yumas.YumaParams(bond_moving_avg=0.9, liquid_alpha=False),
    )


def quantile(xs, q):
    s = sorted(xs)
    return s[min(len(s) - 1, int(len(s) * q))]


def measure(fn, w, s, b, config, min_ms, min_runs=15, max_runs=2000):
    """Wall and CPU times (ms) of repeated calls after a warm-up, for at least min_runs and min_ms."""
    v, n = w.shape
    call = lambda: fn(w, s, n, v, True, b, None, config)  # noqa: E731
    t0 = time.perf_counter_ns()
    k = 0
    while k < 5 or (time.perf_counter_ns() - t0 < 300e6 and k < 500):
        call()
        k += 1
    wall = []
    cpu = []
    start = time.perf_counter_ns()
    while len(wall) < min_runs or time.perf_counter_ns() - start < min_ms * 1e6:
        c0 = time.process_time_ns()
        t = time.perf_counter_ns()
        call()
        wall.append((time.perf_counter_ns() - t) / 1e6)
        cpu.append((time.process_time_ns() - c0) / 1e6)
        if len(wall) >= max_runs:
            break
    return wall, cpu


def parse_size(text):
    v, n = text.lower().split("x")
    return int(v), int(n)


class Driver:
    def __init__(self, src):
        import torch

        torch.set_num_threads(1)
        # Every tensor float64, including the ones the simulator makes itself (e.g. the quantized consensus).
        torch.set_default_dtype(torch.float64)
        self.torch = torch
        self.yumas = load_yumas(src)
        self.config = make_config(self.yumas)
        self.inputs = {}

    def run(self, fn_name, size, min_ms):
        if fn_name not in FUNCTIONS:
            raise ValueError(f"unknown function {fn_name} (one of {', '.join(FUNCTIONS)})")
        v, n = parse_size(size)
        if (v, n) not in self.inputs:
            self.inputs[(v, n)] = make_inputs(self.torch, v, n)
        w, s, b = self.inputs[(v, n)]
        wall, cpu = measure(getattr(self.yumas, fn_name), w, s, b, self.config, min_ms)
        return {
            "fn": fn_name,
            "size": f"{v}x{n}",
            "v": v,
            "n": n,
            "median_ms": quantile(wall, 0.5),
            "p10_ms": quantile(wall, 0.1),
            "cpu_median_ms": quantile(cpu, 0.5),
            "runs": len(wall),
            "torch": self.torch.__version__,
            "threads": self.torch.get_num_threads(),
        }, wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", default=os.environ.get("YUMA_SIMULATION_SRC"), help="the simulator's src directory")
    parser.add_argument("--sizes", default="64x256,256x1024,256x4096", help="comma-separated VxN sizes")
    parser.add_argument("--min-ms", type=float, default=1500, help="minimum timed milliseconds per size")
    parser.add_argument("--fn", default="Yuma3", help="comma-separated functions: " + ", ".join(FUNCTIONS))
    parser.add_argument("--serve", action="store_true", help="answer 'FN VxN MIN_MS' requests read from stdin")
    args = parser.parse_args()
    if not args.src:
        parser.error("set YUMA_SIMULATION_SRC (or --src) to the simulator's src directory")
    driver = Driver(args.src)
    if args.serve:
        print(json.dumps({"ready": True, "torch": driver.torch.__version__}), flush=True)
        for line in sys.stdin:
            parts = line.split()
            if not parts:
                continue
            try:
                result, wall, cpu = driver.run(parts[0], parts[1], float(parts[2]))
                result["samples_ms"] = wall
                result["cpu_samples_ms"] = cpu
            except Exception as e:  # reported to the caller, which goes on without this row
                result = {"error": f"{type(e).__name__}: {e}"}
            print(json.dumps(result), flush=True)
        return
    for size in args.sizes.split(","):
        for fn_name in args.fn.split(","):
            result, _, _ = driver.run(fn_name.strip(), size.strip(), args.min_ms)
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
