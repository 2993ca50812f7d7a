/**
 * Where a piece of text stops being JSON, as a line and column: JSON.parse's own messages differ
 * between engines and Node versions and often carry no position at all, so this scanner (RFC 8259,
 * run only after JSON.parse has failed) finds the first error itself.
 */

export interface JsonSyntaxError {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

class Stop {
  constructor(
    readonly pos: number,
    readonly message: string,
  ) {}
}

/** Line and column (both 1-based) of an offset into `text`. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const n = text.length;
  let i = 0;
  const stop = (message: string): never => {
    throw new Stop(i, i >= n ? 'Unexpected end of JSON input' : message);
  };
  const unexpected = (): never => stop(`Unexpected token '${text[i]}'`);
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const digits = (what: string) => {
    if (!(text[i]! >= '0' && text[i]! <= '9')) stop(what);
    while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) unexpected();
      i++;
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= n) throw new Stop(i, 'Unterminated string in JSON');
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        if (i < n && '"\\/bfnrt'.includes(text[i]!)) i++;
        else if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++)
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) stop('Bad Unicode escape in JSON');
        } else stop('Bad escaped character in JSON');
      } else if (c < ' ') stop('Bad control character in string literal in JSON');
      else i++;
    }
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits('No number after minus sign in JSON');
    if (text[i] === '.') {
      i++;
      digits('Unterminated fractional number in JSON');
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits('Exponent part is missing a number in JSON');
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') stop('Expected double-quoted property name in JSON');
        string();
        ws();
        if (text[i] !== ':') stop("Expected ':' after property name in JSON");
        i++;
        value();
        ws();
        if (text[i] === '}') {
          i++;
          return;
        }
        if (text[i] !== ',') stop("Expected ',' or '}' after property value in JSON");
        i++;
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ']') {
          i++;
          return;
        }
        if (text[i] !== ',') stop("Expected ',' or ']' after array element in JSON");
        i++;
      }
    } else if (c === '"') string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (i >= n) stop('');
    else unexpected();
  };
  try {
    value();
    ws();
    if (i < n) stop('Unexpected non-whitespace character after JSON');
    return null;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { message: e.message, ...lineColumn(text, e.pos) };
  }
}
