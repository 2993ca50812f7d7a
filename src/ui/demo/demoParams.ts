/** `?demo` in the page's address: whether to present, which library scenario, at what speed. */

export interface DemoParams {
  /** A library scenario to present (`?demo=library/server.v6.1`); null keeps the opened one. */
  scenario: string | null;
  /** Steps per 2.5 s: 0.5, 1, 2 or 4. */
  speed: number;
}

export const SPEEDS = [0.5, 1, 2, 4] as const;
/** Seconds a step stays on screen at speed 1: time to read the event log's new lines. */
export const BASE_SECONDS = 2.5;

/** The demo parameters of `search` (location.search), or null without `demo`. */
export function demoParams(search: string): DemoParams | null {
  const q = new URLSearchParams(search);
  if (!q.has('demo')) return null;
  const scenario = q.get('demo') || null;
  const speed = Number(q.get('speed'));
  return { scenario, speed: (SPEEDS as readonly number[]).includes(speed) ? speed : 1 };
}
