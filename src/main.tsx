/** Entry: restore the opening state (share link, saved state or default), render, then keep saving. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useCompare, useSandbox } from './store';
import { loadCore } from './store/core';
import { layoutPort } from './store/layout';
import { startPersisting } from './store/persist';
import { followHistory, restoreStartState } from './store/startup';
import { App } from './ui/App';
import { preloadHelpMenu } from './ui/teach/HelpMenu';
import './ui/theme.css';
import './ui/layout.css';
import './ui/panels.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Restoring before the first render: the page never flashes the default machine before a link's.
await restoreStartState(useSandbox, layoutPort);
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
startPersisting(useSandbox, layoutPort, useCompare);
followHistory(useSandbox, useCompare);
// The default machine is shown from its precomputed run; the core's code follows once the page
// is idle (an action that needs it earlier fetches it then, and waits), and the Help menu's items.
const idle = window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 500));
idle(() => {
  void loadCore().catch(() => undefined);
  void preloadHelpMenu().catch(() => undefined);
});
