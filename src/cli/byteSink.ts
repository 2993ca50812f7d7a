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
      if (need > this.slab.length - this.pos) this.fresh(need);
    }
    this.pos += this.slab.write(text, this.pos);
  }

  // The result's lines are mostly short ASCII strings (keys, BDFs, ids, words): copied a byte at a
  // time, they never become strings of their own (for 20,000 devices a boot's lines were a
  // hundred megabytes of strings for the collector).

  /** ASCII text (punctuation, keys, numbers), as is. */
  ascii(text: string): void {
    const n = text.length;
    if (n > this.slab.length - this.pos) this.fresh(n);
    const slab = this.slab;
    let p = this.pos;
    for (let i = 0; i < n; i++) slab[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  /** JSON.stringify(text): between quotes, copied as is when it is ASCII that needs no escape. */
  json(text: string): void {
    // A quote, a backslash, a control character or beyond ASCII: JSON.stringify's own bytes.
    if (!this.plainJson(text)) this.write(JSON.stringify(text));
  }

  /**
   * JSON.stringify(text) when it is printable ASCII without a quote or a backslash (true);
   * otherwise nothing is written (false).
   */
  plainJson(text: string): boolean {
    const n = text.length;
    if (n + 2 > this.slab.length - this.pos) this.fresh(n + 2);
    const slab = this.slab;
    // Copied past this.pos, which counts it only once the whole text is in.
    let p = this.pos;
    slab[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return false;
      slab[p++] = c;
    }
    slab[p++] = 0x22;
    this.pos = p;
    return true;
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

  // A new slab with room for `need` bytes; the text so far becomes a piece.
  private fresh(need: number): void {
    this.cut();
    this.slab = Buffer.allocUnsafeSlow(Math.max(SLAB, need));
    this.from = 0;
    this.pos = 0;
  }

  private cut(): void {
    if (this.pos === this.from) return;
    this.pieces.push(this.slab.subarray(this.from, this.pos));
    this.from = this.pos;
  }
}
