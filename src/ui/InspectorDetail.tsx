/** The inspector's detail for the current selection (loaded with the first selection, not at startup). */

import { DeviceInspector } from './DeviceInspector';
import { DomainInspector } from './DomainInspector';
import { GroupInspector } from './GroupInspector';
import { useWorldState } from './world';

/** Facts, reasons and actions of the selected device, group or domain. */
export function InspectorDetail() {
  const sel = useWorldState((s) => s.selection);
  if (!sel) return null;
  switch (sel.kind) {
    case 'device':
      return <DeviceInspector key={sel.id} bdf={sel.id} />;
    case 'group':
      return <GroupInspector key={sel.id} id={sel.id} />;
    case 'domain':
      return <DomainInspector key={sel.id} id={sel.id} />;
  }
}

export default InspectorDetail;
