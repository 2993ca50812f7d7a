/** `?demo` in the page's address: whether to present, which library scenario, at what speed. */

export interface DemoParams {
  /** A library scenario to present (`?demo=library/server.v6.1`); null keeps the opened one. */
  scenario: string | null;
  /** Steps per 2.5 s: 0.5, 1, 2 or 4. */
  speed: number;
  /** The address's `speed` when it is not one of those (the demo then plays at 1), else null. */
  badSpeed: string | null;
}

export const SPEEDS = [0.5, 1, 2, 4] as const;
/** Seconds a step stays on screen at speed 1: time to read the event log's new lines. */
export const BASE_SECONDS = 2.5;

/** The demo parameters of `search` (location.search), or null without `demo`. */
export function demoParams(search: string): DemoParams | null {
  const q = new URLSearchParams(search);
  if (!q.has('demo')) return null;
  const scenario = q.get('demo') || null;
  const raw = q.get('speed');
  const speed = Number(raw);
  const known = raw !== null && (SPEEDS as readonly number[]).includes(speed);
  return { scenario, speed: known ? speed : 1, badSpeed: raw === null || known ? null : raw };
}
