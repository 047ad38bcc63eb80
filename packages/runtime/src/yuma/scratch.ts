/**
 * Reusable scratch buffers for the epoch's intermediates. Large typed arrays are expensive to allocate (fresh pages
 * fault in on every call), so intermediates live in grow-only buffers kept between calls. The epoch is synchronous
 * and copies everything it returns, so reuse is invisible to callers: results never alias scratch memory.
 * Buffers are NOT zeroed between uses; every user initializes what it reads.
 */
export class YumaScratch {
  private readonly f64s = new Map<string, Float64Array>();
  private readonly i32s = new Map<string, Int32Array>();
  private readonly u8s = new Map<string, Uint8Array>();

  /** A Float64Array of at least `size` elements for `key` (contents unspecified). */
  f64(key: string, size: number): Float64Array {
    let a = this.f64s.get(key);
    if (!a || a.length < size) {
      a = new Float64Array(Math.max(size, (a?.length ?? 0) * 2, 16));
      this.f64s.set(key, a);
    }
    return a;
  }

  /** A zero-filled Float64Array view of exactly `size` elements for `key`. */
  f64z(key: string, size: number): Float64Array {
    const a = this.f64(key, size).subarray(0, size);
    a.fill(0);
    return a;
  }

  /** A Uint8Array view of exactly `size` elements for `key` (contents unspecified). */
  u8(key: string, size: number): Uint8Array {
    let a = this.u8s.get(key);
    if (!a || a.length < size) {
      a = new Uint8Array(Math.max(size, (a?.length ?? 0) * 2, 16));
      this.u8s.set(key, a);
    }
    return a.subarray(0, size);
  }

  /** An Int32Array of at least `size` elements for `key` (contents unspecified). */
  i32(key: string, size: number): Int32Array {
    let a = this.i32s.get(key);
    if (!a || a.length < size) {
      a = new Int32Array(Math.max(size, (a?.length ?? 0) * 2, 16));
      this.i32s.set(key, a);
    }
    return a;
  }
}

/** The module's shared scratch space. */
export const yumaScratch = new YumaScratch();
