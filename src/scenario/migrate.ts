/**
 * The migration seam: every scenario (file, share link, saved state) passes through here before
 * validation, so an old document keeps opening after the format changes. Pure data in, data out.
 */

export const FORMAT_PREFIX = 'iommu-sandbox/scenario@';
export const CURRENT_VERSION = 1;
export const CURRENT_FORMAT = `${FORMAT_PREFIX}${CURRENT_VERSION}` as const;

/** One step of the format's history: turns a document of version `from` into version `from + 1`. */
export interface Migration {
  from: number;
  /** Receives a copy it may change; returns the document at version `from + 1` (format set by the caller). */
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

/**
 * The format's history, oldest first. Empty: version 1 is the first. To change the format, add
 * `{ from: 1, up }` here, bump CURRENT_VERSION and the `format` literal in schema.ts and types.ts.
 */
export const MIGRATIONS: readonly Migration[] = [];

export interface MigrationResult {
  value: unknown;
  problems: string[];
}

function versionOf(format: string): number | null {
  if (!format.startsWith(FORMAT_PREFIX)) return null;
  const rest = format.slice(FORMAT_PREFIX.length);
  return /^(0|[1-9][0-9]{0,8})$/.test(rest) ? Number(rest) : null;
}

/** Brings a parsed scenario up to CURRENT_FORMAT; problems name the `format` field when it cannot. */
export function migrate(raw: unknown, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const got = raw === null ? 'null' : Array.isArray(raw) ? 'an array' : `a ${typeof raw}`;
    return { value: raw, problems: [`(root): expected a scenario object, got ${got}`] };
  }
  const format = (raw as Record<string, unknown>).format;
  if (format === undefined) {
    return { value: raw, problems: [`format: missing; expected "${CURRENT_FORMAT}"`] };
  }
  if (typeof format !== 'string') {
    return { value: raw, problems: [`format: expected a string such as "${CURRENT_FORMAT}"`] };
  }
  const version = versionOf(format);
  if (version === null) {
    const what = format.startsWith('iommu-sandbox/')
      ? 'is not a scenario'
      : 'is not a format this sandbox knows';
    return {
      value: raw,
      problems: [`format: ${JSON.stringify(format)} ${what} (expected ${CURRENT_FORMAT})`],
    };
  }
  if (version > CURRENT_VERSION) {
    return {
      value: raw,
      problems: [
        `format: ${JSON.stringify(format)} is newer than this sandbox understands (${CURRENT_FORMAT})`,
      ],
    };
  }
  let doc = raw as Record<string, unknown>;
  for (let v = version; v < CURRENT_VERSION; v++) {
    const m = migrations.find((x) => x.from === v);
    if (!m) {
      return {
        value: raw,
        problems: [
          `format: ${JSON.stringify(format)} is older than any this sandbox can read (${CURRENT_FORMAT})`,
        ],
      };
    }
    doc = { ...m.up(structuredClone(doc)), format: `${FORMAT_PREFIX}${v + 1}` };
  }
  return { value: doc, problems: [] };
}
