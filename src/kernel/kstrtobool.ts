/**
 * The kernel's lib/ string primitives that the command line goes through, as each simulated kernel
 * has them: `next_arg` (lib/cmdline.c) cuts the line into words, the `strcspn` walk of the option
 * handlers cuts a value into a comma list, `kstrtobool` (lib/kstrtox.c) reads a boolean.
 * What the words mean is cmdline.ts's business.
 */
import type { KernelId } from './types';

/** One word of the command line: as typed (with offsets) and as the kernel hands it to a handler. */
export interface CmdlineWord {
  text: string;
  start: number;
  end: number;
  name: string;
  /** null: no '=' at all (a handler gets NULL); '' for `name=`. */
  value: string | null;
  /** Past COMMAND_LINE_SIZE: the kernel never sees it. */
  cut?: boolean;
}

// isspace() of lib/ctype.c: the ASCII blanks and byte 0xa0 (Latin-1's no-break space), which
// in a UTF-8 command line is the second byte of U+00A0 and of letters such as Š or Р.
const SPACE = ' \t\n\v\f\r\xa0';

/** x86's COMMAND_LINE_SIZE: boot_command_line keeps this many bytes, its last one the NUL. */
export const COMMAND_LINE_SIZE = 2048;

/**
 * next_arg() (lib/cmdline.c) over the line's UTF-8 bytes, as the kernel gets it: words split on
 * spaces; double quotes group and are stripped as the kernel strips them. Offsets are the typed
 * string's; a name or value cut inside a character holds U+FFFD where dmesg would print the byte.
 * Words past COMMAND_LINE_SIZE are returned with `cut`: the kernel never sees them.
 */
export function splitCmdline(line: string): CmdlineWord[] {
  const ascii = isAscii(line);
  const bytes = ascii ? line : latin1(new TextEncoder().encode(line));
  // The string index of each byte offset (a byte inside a character maps past the character).
  const at = ascii ? null : byteIndex(line);
  const index = (b: number) => (at ? (at[b] ?? line.length) : b);
  const typed = (w: CmdlineWord, cut: boolean): CmdlineWord => ({
    text: line.slice(index(w.start), index(w.end)),
    start: index(w.start),
    end: index(w.end),
    name: ascii ? w.name : utf8(w.name),
    value: ascii || w.value === null ? w.value : utf8(w.value),
    ...(cut ? { cut } : {}),
  });
  const keep = COMMAND_LINE_SIZE - 1;
  const words = nextArgs(bytes.slice(0, keep)).map((w) => typed(w, false));
  if (bytes.length > keep) {
    const from = words.at(-1)?.end ?? 0;
    for (const w of nextArgs(bytes)) if (w.end > keep && index(w.start) >= from) words.push(typed(w, true));
  }
  return words;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

const latin1 = (b: Uint8Array) => {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return s;
};
const utf8 = (s: string) => new TextDecoder().decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));

function byteIndex(line: string): number[] {
  const at: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line.codePointAt(i)!;
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) at.push(k === 0 ? i : i + (c > 0xffff ? 2 : 1));
    if (c > 0xffff) i++;
  }
  return at;
}

function nextArgs(line: string): CmdlineWord[] {
  const words: CmdlineWord[] = [];
  const skip = (p: number) => {
    while (p < line.length && SPACE.includes(line[p]!)) p++;
    return p;
  };
  for (let p = skip(0); p < line.length; ) {
    const quoted = line[p] === '"';
    const a = quoted ? p + 1 : p;
    let [inQuote, equals, i] = [quoted, 0, 0];
    for (; a + i < line.length && (inQuote || !SPACE.includes(line[a + i]!)); i++) {
      if (equals === 0 && line[a + i] === '=') equals = i; // an '=' at offset 0 does not count
      if (line[a + i] === '"') inQuote = !inQuote;
    }
    // next_arg cuts the word by writing '\0' into it: over the '=', and over quotes it strips.
    const buf = line.slice(a, a + i).split('');
    let val = -1;
    if (equals) {
      buf[equals] = '\0';
      val = equals + 1;
      if (buf[val] === '"') {
        val++;
        if (buf[i - 1] === '"') buf[i - 1] = '\0';
      }
    }
    if (quoted && i > 0 && buf[i - 1] === '"') buf[i - 1] = '\0';
    const cstr = (from: number) => {
      const nul = buf.indexOf('\0', from);
      return buf.slice(from, nul < 0 ? buf.length : nul).join('');
    };
    const end = a + i;
    words.push({ text: line.slice(p, end), start: p, end, name: cstr(0), value: val < 0 ? null : cstr(val) });
    p = skip(end < line.length ? end + 1 : end);
  }
  return words;
}

/**
 * The `while (*p) { ...; p += strcspn(p, ","); skip commas }` loop of iommu_setup and
 * intel_iommu_setup: `each` gets the word and the rest of the string (what their strncmp sees).
 * Returns false if `each` stopped the walk.
 */
export function walkList(
  s: string,
  allCommas: boolean,
  each: (word: string, rest: string) => boolean,
): boolean {
  for (let p = 0; p < s.length; ) {
    const rest = s.slice(p);
    const word = rest.split(',')[0]!;
    if (!each(word, rest)) return false;
    p += word.length;
    if (s[p] === ',') p++;
    while (allCommas && s[p] === ',') p++; // iommu_setup skips one comma, intel_iommu_setup every one
  }
  return true;
}

/** What kstrtobool made of a string: the value, or why it returned -EINVAL. */
export type KstrtoboolResult = { ok: true; value: boolean; why: string } | { ok: false; why: string };

/** kstrtobool: 6.1 reads y/Y/t/T/1 and n/N/f/F/0; every 5.x kernel here lacks t/T/f/F (added in 5.19). */
export function kstrtobool(kernel: KernelId, s: string | null): KstrtoboolResult {
  // An early param written without '=' reaches its handler as NULL: kstrtobool(NULL) is -EINVAL.
  if (s === null) return { ok: false, why: 'no value at all (no "="): the handler gets NULL' };
  const c0 = s[0];
  if (c0 === undefined) return { ok: false, why: 'an empty value is neither true nor false' };
  // Jagdish Gediya's "true"/"false" support landed after 5.11, so 5.x stops at y/n/1/0/on/off.
  const tf = kernel === 'v6.1';
  if ('yY1'.includes(c0) || (tf && 'tT'.includes(c0)))
    return { ok: true, value: true, why: firstChar(s, true) };
  if ('nN0'.includes(c0) || (tf && 'fF'.includes(c0)))
    return { ok: true, value: false, why: firstChar(s, false) };
  if (c0 === 'o' || c0 === 'O') {
    const c1 = s[1];
    if (c1 === 'n' || c1 === 'N') return { ok: true, value: true, why: onOff(s, true) };
    if (c1 === 'f' || c1 === 'F') return { ok: true, value: false, why: onOff(s, false) };
    return { ok: false, why: `'${s}' starts with 'o' but is neither on nor off` };
  }
  if (!tf && 'tTfF'.includes(c0))
    return { ok: false, why: `'${s}': this kernel's kstrtobool knows no t/T/f/F (only 5.19 and later do)` };
  return { ok: false, why: `'${s}' is not a boolean kstrtobool knows` };
}

function firstChar(s: string, v: boolean): string {
  return s.length === 1 ? `'${s}' is ${v}` : `'${s}' is ${v} (kstrtobool reads only its first character)`;
}

function onOff(s: string, v: boolean): string {
  const exact = s.toLowerCase() === (v ? 'on' : 'off');
  return exact ? `'${s}' is ${v}` : `'${s}' is ${v} (kstrtobool reads only 'o' and the next letter)`;
}
