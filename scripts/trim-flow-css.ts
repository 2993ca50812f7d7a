/**
 * Vite plugin: React Flow's base.css less the rules of features the graph never uses — node
 * resizing (NodeResizer), edge reconnection, drawing a connection (nodes are not connectable),
 * selecting with a box (no selection key, no selection on drag), the built-in node types (ours
 * are device, group, domain and bus; `group` keeps its rules), the dark colour mode, animated
 * edges, the lines and cross backgrounds and centred panels.
 * About 0.4 KiB gzip of the first load, which has a budget (issue 3: 170 KiB).
 */
import type { Plugin } from 'vite';

const BASE_CSS = /@xyflow[\\/]react[\\/]dist[\\/]base\.css$/;
const UNUSED = new RegExp(
  [
    'resize-control',
    'edgeupdater',
    'react-flow__connection',
    'react-flow__node-(input|output|default)\\b',
    'react-flow__selection\\b',
    'nodesselection',
    'pane\\.selection',
    // No colour mode is set (light), no edge is animated, the background is dots, and no panel
    // is centred.
    'react-flow\\.dark',
    '\\.animated\\b',
    'background-pattern\\.(lines|cross)',
    '\\.center\\b',
  ].join('|'),
);

/**
 * `css` without its comments and the selectors `unused` matches; a rule left with none goes.
 * At-rules stay whole.
 */
export function trimCss(source: string, unused: RegExp = UNUSED): string {
  const css = source.replace(/\/\*[\s\S]*?\*\//g, '');
  let out = '';
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) {
      out += trimRule(css.slice(start, i + 1), unused);
      start = i + 1;
    }
  }
  return out + css.slice(start);
}

function trimRule(rule: string, unused: RegExp): string {
  const open = rule.indexOf('{');
  const head = rule.slice(0, open);
  if (head.trim().startsWith('@')) return rule;
  const kept = head.split(',').filter((s) => !unused.test(s));
  return kept.length === 0 ? '' : `${kept.join(',')}${rule.slice(open)}`;
}

export function trimFlowCss(): Plugin {
  return {
    name: 'trim-flow-css',
    enforce: 'pre',
    transform(code, id) {
      return BASE_CSS.test(id.split('?')[0]!) ? { code: trimCss(code), map: null } : null;
    },
  };
}
