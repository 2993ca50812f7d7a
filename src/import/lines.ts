/**
 * Pasted text → numbered lines the parsers can trust: bounded in size, with the characters that
 * copying from browsers, mail clients and terminals adds turned back into plain spaces. Whatever
 * is dropped here is reported as an unread line, never silently lost.
 */

/** Bounds on a paste: a big server's `lspci -vvv` is about 20,000 lines of under 200 characters. */
export const LIMITS = { chars: 4_000_000, lines: 40_000, lineLength: 1_000 } as const;

/** Longest excerpt of a line kept in an unread-line report. */
const EXCERPT = 120;

/** A line that could not be read: its number (1-based), why, and its start as plain text. */
export interface Unread {
  line: number;
  reason: string;
  text: string;
  /** The paste was cut here, at a limit: the rest of it was not read at all. */
  cut?: true;
}

export interface Line {
  /** 1-based, as an editor counts. */
  n: number;
  text: string;
  /** Started with whitespace (lspci's detail lines do; its device headers never). */
  indented: boolean;
}

/**
 * The start of a line, for a report: control characters and the bidirectional overrides (which
 * would turn the excerpt's text around) shown as `?`, cut with an ellipsis.
 */
export function excerpt(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '?');
  return clean.length > EXCERPT ? `${clean.slice(0, EXCERPT)}…` : clean;
}

// Spaces that look like spaces: mail clients indent with NO-BREAK SPACE, typesetters add thin ones.
const WIDE_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
// Invisible characters that copy-and-paste carries along (zero-width, byte-order mark).
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
// Mail quoting ("> > text"); a '>' directly followed by text is lspci's own (">SERR-").
const QUOTED = /^>(?:[ \t]|$)/;
const QUOTES = /^(?:>[ \t]?)+/;

/** Splits a paste into normalised lines, within LIMITS; what it cannot take is reported. */
export function readLines(text: string): { lines: Line[]; unread: Unread[] } {
  const unread: Unread[] = [];
  const src = text.length > LIMITS.chars ? text.slice(0, LIMITS.chars) : text;
  const raw = src.split(/\r\n|\r|\n/);
  if (text.length > LIMITS.chars)
    unread.push({
      line: raw.length,
      reason: `the paste is longer than ${LIMITS.chars.toLocaleString('en')} characters; the rest was not read`,
      text: '',
      cut: true,
    });
  const lines: Line[] = [];
  const count = Math.min(raw.length, LIMITS.lines);
  for (let i = 0; i < count; i++) {
    const original = raw[i]!;
    if (original.length > LIMITS.lineLength) {
      unread.push({
        line: i + 1,
        reason: `longer than ${LIMITS.lineLength} characters (${original.length.toLocaleString('en')}); skipped`,
        text: excerpt(original),
      });
      continue;
    }
    const spaced = original.replace(WIDE_SPACES, ' ').replace(INVISIBLE, '').replace(CONTROL, '');
    const unquoted = QUOTED.test(spaced) ? spaced.replace(QUOTES, '') : spaced;
    lines.push({ n: i + 1, text: unquoted.trimEnd(), indented: /^[ \t]/.test(unquoted) });
  }
  if (raw.length > LIMITS.lines)
    unread.push({
      line: LIMITS.lines + 1,
      reason: `the paste has more than ${LIMITS.lines.toLocaleString('en')} lines; lines ${LIMITS.lines + 1} to ${raw.length} were not read`,
      text: '',
      cut: true,
    });
  return { lines, unread };
}

/**
 * Takes off the indentation a paste added to the lines from `from` on (a Markdown code block, a
 * quoted post): the leading whitespace all of them share, so what is left is the program's own.
 */
export function dedentFrom(lines: Line[], from: number): void {
  let common: string | null = null;
  for (let i = from; i < lines.length && common !== ''; i++) {
    const t = lines[i]!.text;
    if (t.trim() === '') continue;
    const lead = /^[ \t]*/.exec(t)![0];
    if (common === null) common = lead;
    else {
      let k = 0;
      while (k < common.length && k < lead.length && common[k] === lead[k]) k++;
      common = common.slice(0, k);
    }
  }
  if (!common) return;
  for (let i = from; i < lines.length; i++) {
    const l = lines[i]!;
    l.text = l.text.slice(Math.min(common.length, /^[ \t]*/.exec(l.text)![0].length));
    l.indented = /^[ \t]/.test(l.text);
  }
}

/** Lines that are neither output nor noise worth reporting: blank, Markdown fences, shell prompts and commands. */
export function isChrome(text: string): boolean {
  const t = text.trim();
  return (
    t === '' ||
    t.startsWith('```') ||
    /^[-=_*~]{3,}$/.test(t) ||
    // The commands themselves, as pasted with their prompt ("root@host:~# lspci -vvv").
    /^(?:\S*[$#>%]\s*)?(?:sudo\s+)?(?:lspci|for|do|done|shopt|printf|echo|find|ls|cat)\b/.test(t) ||
    // Any other command at a prompt ("root@pve:~# ./iommu.sh").
    /^\S+@[\w.-]+:\S*\s?[#$]\s/.test(t) ||
    t.startsWith('#!') ||
    /^n=\$\{/.test(t)
  );
}
