/**
 * UTF-8 output built in large slabs: text is encoded as it is written, and the result is a list of
 * pieces (views of the slabs, or pieces handed in again), so tens of megabytes of answer are
 * neither kept as strings for the collector to copy nor allocated a buffer per piece.
 */
import { Buffer } from 'node:buffer';

const SLAB = 4 << 20;

export class ByteSink {
  private slab = Buffer.allocUnsafeSlow(SLAB);
  /** Start of the text not yet cut into a piece. */
  private from = 0;
  private pos = 0;
  private readonly pieces: Uint8Array[] = [];

  write(text: string): void {
    // At most 3 bytes per UTF-16 unit; counted exactly only near the end of a slab.
    if (text.length * 3 > this.slab.length - this.pos) {
      const need = Buffer.byteLength(text, 'utf8');
      if (need > this.slab.length - this.pos) {
        this.cut();
        this.slab = Buffer.allocUnsafeSlow(Math.max(SLAB, need));
        this.from = 0;
        this.pos = 0;
      }
    }
    this.pos += this.slab.write(text, this.pos);
  }

  /** Appends a piece made earlier (the bytes of a repeated block). */
  push(piece: Uint8Array): void {
    this.cut();
    this.pieces.push(piece);
  }

  /** Marks where a run of text starts; since(mark) gives the pieces written from there. */
  begin(): number {
    this.cut();
    return this.pieces.length;
  }

  since(mark: number): Uint8Array[] {
    this.cut();
    return this.pieces.slice(mark);
  }

  /** Every piece, in order. */
  end(): Uint8Array[] {
    this.cut();
    return this.pieces;
  }

  private cut(): void {
    if (this.pos === this.from) return;
    this.pieces.push(this.slab.subarray(this.from, this.pos));
    this.from = this.pos;
  }
}
