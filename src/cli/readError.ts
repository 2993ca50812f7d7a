/** How the CLI words a file it cannot read: its path, then why, without Node's errno text. */

/** The first line of an error's message. */
export const errorLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

/** `path: cannot read the file: no such file` (`-` is standard input). */
export function readError(path: string, e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'ERR_ENCODING_INVALID_ENCODED_DATA'
            ? 'it is not UTF-8 text'
            : errorLine(e);
  return `${path === '-' ? '(stdin)' : path}: cannot read the file: ${why}`;
}
