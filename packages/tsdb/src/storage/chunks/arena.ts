/**
 * Packs many small immutable chunks into large shared pages, so the garbage collector tracks a
 * few big buffers instead of one backing store per chunk. Pages are released when no chunk view
 * into them is left (chunks are dropped in time order, so whole pages free together).
 */
export class ChunkArena {
  private page: Uint8Array;
  private off = 0;
  private readonly pageBytes: number;

  constructor(pageBytes = 256 * 1024) {
    this.pageBytes = pageBytes;
    this.page = new Uint8Array(pageBytes);
  }

  /** A stable copy of `src` inside the arena. */
  copy(src: Uint8Array): Uint8Array {
    const len = src.length;
    if (len > this.pageBytes >>> 2) return src.slice();
    if (this.off + len > this.page.length) {
      this.page = new Uint8Array(this.pageBytes);
      this.off = 0;
    }
    const view = this.page.subarray(this.off, this.off + len);
    view.set(src);
    this.off += len;
    return view;
  }
}

/** The arena shared by the heads of this process. */
export const chunkArena = new ChunkArena();
