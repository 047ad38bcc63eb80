/**
 * Host side of the WebAssembly Yuma kernel (assembly/yumaKernel.ts, built into yumaWasm.generated.ts at install
 * time). Without an explain trace, it runs the per-entry passes in linear memory: masked weights (E6), consensus
 * (E7), then the Yuma3 clip/trust/rank/bond pass with a fixed α (fused) or with liquid alpha, and its dividends,
 * or the classic clip, bond deltas, EMA and dividends (E8–E11). Everything of size n (stake, permits, the
 * normalization of incentive and dividends) stays in JavaScript.
 *
 * The kernel computes exactly what the JavaScript path computes (exact integer arithmetic; see the kernel's
 * header), and the differential tests hold it to that. Where the JavaScript path would sort an unsorted stored row,
 * the kernel reports it and `yumaKernelPasses` returns `undefined`, so the caller takes the JavaScript path. The
 * module is instantiated on first use; without WebAssembly (e.g. `node --jitless`) the JavaScript path is used.
 */
import { divFx, normalizeInPlace, ONE } from '../fastMath.js';
import type { SparseU16Matrix } from '../types.js';
import { YUMA_KERNEL_WASM } from './yumaWasm.generated.js';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
interface KernelExports {
  memory: WasmMemory;
  maskWeights(...args: number[]): number;
  consensusBlocks(...args: number[]): void;
  yuma3Fused(...args: number[]): number;
  yuma3Liquid(...args: number[]): number;
  dividendsYuma3(...args: number[]): void;
  classicClip(...args: number[]): void;
  classicEma(...args: number[]): number;
  classicDividends(...args: number[]): void;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function fromBase64(s: string): Uint8Array {
  const map = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) map[B64.charCodeAt(i)] = i;
  let len = s.length;
  while (len > 0 && s[len - 1] === '=') len--;
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < len; i++) {
    acc = (acc << 6) | map[s.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

let kernel: KernelExports | null | undefined;
let enabled = true;
const counters = { used: 0, declined: 0 };

/** How many epochs the kernel ran and how many it declined (unsorted or repeated stored targets) so far. */
export function yumaKernelCounters(): { readonly used: number; readonly declined: number } {
  return { ...counters };
}

function load(): KernelExports | null {
  if (kernel !== undefined) return kernel;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  kernel = null;
  if (wasm) {
    try {
      kernel = new wasm.Instance(new wasm.Module(fromBase64(YUMA_KERNEL_WASM)), {}).exports as unknown as KernelExports;
    } catch {
      kernel = null;
    }
  }
  return kernel;
}

/**
 * Switch the kernel on or off (on by default). Both settings give identical results; tests and the benchmark use
 * this to run the JavaScript path side by side. Returns the previous setting.
 */
export function yumaUseKernel(on: boolean): boolean {
  const prev = enabled;
  enabled = on;
  return prev;
}

/** Whether epochs will use the WebAssembly kernel (it is enabled and WebAssembly is available). */
export function yumaKernelActive(): boolean {
  return enabled && load() !== null;
}

function decline(): undefined {
  counters.declined++;
  return undefined;
}

/** A bump allocator over linear memory: every region 8-byte aligned, offsets in bytes. */
class Layout {
  size = 65536; // the first page stays the kernel's own
  take(bytes: number): number {
    const at = this.size;
    this.size += Math.ceil(bytes / 8) * 8;
    return at;
  }
}

const NB = 32;
const BLOCK = 16384;

export interface KernelInput {
  readonly n: number;
  readonly weights: SparseU16Matrix;
  readonly bonds: SparseU16Matrix;
  readonly forbid: ReadonlyArray<boolean>;
  readonly ownerUid: number | null;
  readonly lastUpdate: Float64Array;
  readonly registeredAt: Float64Array;
  readonly commitBlock: Float64Array | undefined;
  readonly activeStake: Float64Array;
  /** Yuma3 bonds (fixed α, or liquid α when `liquid` is given) or the classic path. */
  readonly yuma3: boolean;
  /**
   * Liquid alpha's raw I32F32 low, high and k (Yuma3 only), used when some consensus is non-zero. The kernel takes
   * |k| ≤ 16 (steepness up to 1600, so |z| ≤ 8 in `exp_safe`); the caller sends larger k to the JavaScript path.
   */
  readonly liquid?: { readonly low: number; readonly high: number; readonly k: number } | undefined;
  readonly kappa: number;
  readonly beta: number;
  readonly alpha: number;
  readonly colMask: Uint8Array;
  readonly newPermit: ReadonlyArray<boolean>;
}

export interface KernelOutput {
  readonly consensus: Float64Array;
  readonly trust: Float64Array;
  readonly ranks: Float64Array;
  readonly incentive: Float64Array;
  readonly dividends: Float64Array;
  readonly bonds: SparseU16Matrix;
}

/**
 * E6–E11 in the kernel: Yuma3 with a fixed or liquid α, or classic bonds. Returns fresh arrays (nothing aliases
 * linear memory), or `undefined` when the kernel is off or unavailable, a stored row is unsorted, or a fixed α is
 * outside [0, 1] (the caller then runs the JavaScript path, which gives the same results).
 */
export function yumaKernelPasses(x: KernelInput): KernelOutput | undefined {
  if (!enabled) return undefined;
  const k = load();
  if (!k) return undefined;
  const { n, weights: W, bonds: B } = x;
  const wRows = Math.min(W.rows, n);
  const nnzW = W.rowPtr[wRows] ?? 0;
  const bRows = Math.min(B.rows, n);
  const nnzB = B.rowPtr[bRows] ?? 0;
  const cap = nnzW + nnzB;

  const L = new Layout();
  // n 8-byte words: a double or an i64 per uid (the kernel reads its i64 scratch through the same regions)
  const words8 = () => L.take(8 * n);
  // inputs
  const pWRow = L.take(4 * (wRows + 1));
  const pWCols = L.take(4 * nnzW);
  const pWVals = L.take(2 * nnzW);
  const pBRow = L.take(4 * (bRows + 1));
  const pBCols = L.take(4 * nnzB);
  const pBVals = L.take(2 * nnzB);
  const pForbid = L.take(n);
  const pColMask = L.take(n);
  const pPermit = L.take(n);
  const pLU = words8();
  const pReg = words8();
  const pCommit = x.commitBlock ? words8() : 0;
  const pActive = words8();
  const pActiveI = words8();
  // W and its column statistics
  const oWRow = L.take(4 * (n + 1));
  const oWCols = L.take(4 * nnzW);
  const oWVals = L.take(8 * nnzW);
  const sCount = L.take(4 * (n + 1));
  const sMax = words8();
  // consensus
  const pParts = L.take(4 * n);
  const pCursor = L.take(4 * n);
  const pS = words8();
  const pScale = words8();
  const pFill = L.take(4 * n);
  const pHist = L.take(8 * n * NB);
  const pBStake = L.take(8 * NB);
  const pBCount = L.take(4 * NB);
  const pCons = words8();
  const pConsI = words8();
  // fused pass and dividends
  const oERow = L.take(4 * (n + 1));
  // B': 16-byte (target, value) records on the Yuma3 paths; the classic path uses the same region as two arrays.
  const oERec = L.take(16 * cap);
  const oECols = oERec;
  const oEVals = oERec + 8 * cap;
  const oColSum = words8();
  const oTrust = words8();
  const oRanks = words8();
  const pRanksI = words8();
  const tRow = L.take(4 * (n + 1));
  const tCols = L.take(4 * cap);
  const tVals = L.take(2 * cap);
  const pInc = words8();
  const pIncI = words8();
  const pRatio = words8();
  const oTb = words8();
  const oDiv = words8();
  // Column lists: a column holds at most one entry per row unless a stored row repeats a target; such input
  // (never produced by the chain) goes to the JavaScript path below.
  const maxBlockCap = Math.max(BLOCK, n);
  const pRec = L.take(16 * maxBlockCap); // (score, stake) records of the column lists
  const pBucket = L.take(maxBlockCap);
  const pSelScore = L.take(8 * maxBlockCap);
  const pSelStake = L.take(8 * maxBlockCap);
  const pSP = L.take(8 * n);
  // classic bonds only
  const classic = !x.yuma3;
  const oDelta = classic ? L.take(8 * nnzW) : 0;
  const pDeltaSum = classic ? words8() : 0;
  const pBSum = classic ? words8() : 0;
  const pColMaxI = classic ? words8() : 0;

  const need = L.size - k.memory.buffer.byteLength;
  if (need > 0) k.memory.grow(Math.ceil(need / 65536));
  const buf = k.memory.buffer;
  const f64 = (p: number, len: number) => new Float64Array(buf, p, len);
  const i32 = (p: number, len: number) => new Int32Array(buf, p, len);
  const u8 = (p: number, len: number) => new Uint8Array(buf, p, len);

  new Uint32Array(buf, pWRow, wRows + 1).set(W.rowPtr.subarray(0, wRows + 1));
  new Uint32Array(buf, pWCols, nnzW).set(W.cols.subarray(0, nnzW));
  new Uint16Array(buf, pWVals, nnzW).set(W.vals.subarray(0, nnzW));
  new Uint32Array(buf, pBRow, bRows + 1).set(B.rowPtr.subarray(0, bRows + 1));
  new Uint32Array(buf, pBCols, nnzB).set(B.cols.subarray(0, nnzB));
  new Uint16Array(buf, pBVals, nnzB).set(B.vals.subarray(0, nnzB));
  const forbid = u8(pForbid, n);
  const colMask = u8(pColMask, n);
  const permit = u8(pPermit, n);
  for (let i = 0; i < n; i++) {
    forbid[i] = x.forbid[i] ? 1 : 0;
    permit[i] = x.newPermit[i] === true ? 1 : 0;
  }
  colMask.set(x.colMask.subarray(0, n));
  f64(pLU, n).set(x.lastUpdate.subarray(0, n));
  f64(pReg, n).set(x.registeredAt.subarray(0, n));
  if (x.commitBlock) f64(pCommit, n).set(x.commitBlock.subarray(0, n));
  const active = x.activeStake;
  f64(pActive, n).set(active.subarray(0, n));
  const count = i32(sCount, n + 1);
  count.fill(0);
  const colMax = f64(sMax, n);
  colMax.fill(0);

  // E6
  const owner = x.ownerUid ?? -1;
  // biome-ignore format: one argument group per line
  if (k.maskWeights(n, wRows, pWRow, pWCols, pWVals, pForbid, pLU, pReg, pCommit, owner, pActive,
    pActiveI, oWRow, oWCols, oWVals, sCount, sMax) !== 0) return decline();

  // E7: the n-sized preparation of yumaConsensus, then the kernel's column blocks.
  const consensus = f64(pCons, n);
  consensus.fill(0);
  new BigInt64Array(buf, pConsI, n).fill(0n);
  let aSum = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const a = active[i]!;
    if (a > 0) {
      aSum += a;
      m++;
    }
  }
  if (m > 0) {
    const s = f64(pS, n);
    let sigma = 0;
    for (let i = 0; i < n; i++) {
      const a = active[i]!;
      const v = a > 0 ? divFx(a, aSum) : 0;
      s[i] = v;
      sigma += v;
    }
    const minority = sigma - x.kappa;
    for (let j = 0; j < n; j++) count[j + 1]! += count[j]!;
    const scale = f64(pScale, n);
    for (let j = 0; j < n; j++) scale[j] = colMax[j]! > 0 ? (NB - 0.5) / colMax[j]! : 0;
    const parts = i32(pParts, m);
    const cursor = i32(pCursor, m);
    const wRow = i32(oWRow, n + 1);
    let np = 0;
    for (let i = 0; i < n; i++) {
      if (active[i]! > 0) {
        parts[np] = i;
        cursor[np++] = wRow[i]!;
      }
    }
    let maxBlock = BLOCK;
    for (let j = 0; j < n; j++) maxBlock = Math.max(maxBlock, count[j + 1]! - count[j]!);
    if (maxBlock > maxBlockCap) return decline();
    // biome-ignore format: one argument group per line
    k.consensusBlocks(n, np, pParts, pCursor, pS, oWRow, oWCols, oWVals, sCount, sMax, pScale, maxBlock,
      pRec, pBucket, pSP, pSelScore, pSelStake, pFill, pHist, pBStake, pBCount, m, sigma, minority, pConsI,
      pCons);
  }

  // E8–E11
  new BigInt64Array(buf, oColSum, n).fill(0n);
  new BigInt64Array(buf, pRanksI, n).fill(0n);
  const incentive = f64(pInc, n);
  if (classic) {
    new BigInt64Array(buf, pDeltaSum, n).fill(0n);
    new BigInt64Array(buf, pBSum, n).fill(0n);
    new BigInt64Array(buf, pColMaxI, n).fill(0n);
    // biome-ignore format: one argument group per line
    k.classicClip(n, oWRow, oWCols, oWVals, pConsI, pActiveI, x.beta, oTrust, pRanksI, oRanks, oDelta, pDeltaSum,
      pRatio);
    // biome-ignore format: one argument group per line
    if (k.classicEma(n, oWRow, oWCols, oDelta, pBRow, pBCols, pBVals, bRows, pColMask, x.alpha, pBSum, oERow,
      oECols, oEVals, oColSum, pRatio) !== 0) return decline();
    incentive.set(f64(oRanks, n));
    normalizeInPlace(incentive);
    // biome-ignore format: one argument group per line
    k.classicDividends(n, oERow, oECols, oEVals, pInc, pIncI, pPermit, pColMaxI, oDiv, tRow, tCols, tVals, pRatio);
  } else if (x.liquid && consensus.some((c) => c !== 0)) {
    const { low, high, k: steep } = x.liquid;
    // biome-ignore format: one argument group per line
    if (k.yuma3Liquid(n, oWRow, oWCols, oWVals, pConsI, pActiveI, x.beta, pBRow, pBCols, pBVals, bRows, pColMask,
      low, high, steep, pPermit, oERow, oERec, oColSum, oTrust, pRanksI, oRanks, tRow, tCols, tVals) !== 0)
      return decline();
    incentive.set(f64(oRanks, n));
    normalizeInPlace(incentive);
    k.dividendsYuma3(n, oERow, oERec, pInc, pIncI, pActiveI, oColSum, pRatio, oTb, oDiv);
  } else {
    if (x.alpha < 0 || x.alpha > ONE) return decline(); // a bonds moving average above 10^6 (root only)
    // biome-ignore format: one argument group per line
    if (k.yuma3Fused(n, oWRow, oWCols, oWVals, pConsI, pActiveI, x.beta, pBRow, pBCols, pBVals, bRows, pColMask,
      x.alpha, pPermit, oERow, oERec, oColSum, oTrust, pRanksI, oRanks, tRow, tCols, tVals) !== 0)
      return decline();
    incentive.set(f64(oRanks, n));
    normalizeInPlace(incentive);
    k.dividendsYuma3(n, oERow, oERec, pInc, pIncI, pActiveI, oColSum, pRatio, oTb, oDiv);
  }
  const dividends = f64(oDiv, n).slice();
  normalizeInPlace(dividends);

  // The stored bond rows, copied out into one buffer (as packU16Matrix does).
  const tPtr = new Uint32Array(buf, tRow, n + 1);
  const nnzT = tPtr[n]!;
  const out = new ArrayBuffer(4 * (n + 1) + 4 * nnzT + 2 * nnzT);
  const rowPtr = new Uint32Array(out, 0, n + 1);
  const cols = new Uint32Array(out, 4 * (n + 1), nnzT);
  const vals = new Uint16Array(out, 4 * (n + 1) + 4 * nnzT, nnzT);
  rowPtr.set(tPtr);
  cols.set(new Uint32Array(buf, tCols, nnzT));
  vals.set(new Uint16Array(buf, tVals, nnzT));

  counters.used++;
  return {
    consensus: consensus.slice(),
    trust: f64(oTrust, n).slice(),
    ranks: f64(oRanks, n).slice(),
    incentive: incentive.slice(),
    dividends,
    bonds: { rows: n, rowPtr, cols, vals },
  };
}
