/**
 * The teaching overlays over the page: the glossary panel, the tour and the shortcuts dialog.
 * Each loads the first time it opens; the tour opens by itself on a first visit.
 */
import { lazy, Suspense, useEffect } from 'react';
import { useTeach } from './teachStore';
import { firstVisit } from './tourSeen';

const GlossaryPanel = lazy(() => import('./GlossaryPanel'));
const Tour = lazy(() => import('./Tour'));
const ShortcutsDialog = lazy(() => import('./ShortcutsDialog'));

/** Renders whichever overlay is open. `autoTour`: start the tour on a first visit. */
export function TeachLayer({ autoTour }: { autoTour: boolean }) {
  const glossary = useTeach((s) => s.glossaryOpen);
  const tourStop = useTeach((s) => s.tourStop);
  const shortcuts = useTeach((s) => s.shortcutsOpen);
  useEffect(() => {
    if (autoTour && firstVisit(window.localStorage)) useTeach.getState().startTour();
  }, [autoTour]);
  return (
    <Suspense fallback={null}>
      {glossary && <GlossaryPanel />}
      {tourStop !== null && <Tour stop={tourStop} />}
      {shortcuts && <ShortcutsDialog />}
    </Suspense>
  );
}
