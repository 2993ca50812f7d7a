/** The message area: the kernel's refusal of an action, the faults it caused, import problems. */
import { lazy, Suspense } from 'react';
import { type Notice, useSandbox } from '../store';

const NoticeBox = lazy(() => import('./NoticeBox'));

// Inside the live region: the region itself stays put while the text's code loads.
const Box = ({ notice }: { notice: Notice }) => (
  <Suspense fallback={null}>
    <NoticeBox notice={notice} />
  </Suspense>
);

/** Shows the store's notice; errors stay until dismissed, information fades after a while (NoticeBox). */
export function NoticeBar() {
  const notice = useSandbox((s) => s.notice);
  // Both live regions always exist, so screen readers announce what appears in them.
  return (
    <div className="notice-host" tabIndex={-1}>
      <div role="alert">{notice?.kind === 'error' && <Box notice={notice} />}</div>
      <div role="status">{notice?.kind === 'info' && <Box notice={notice} />}</div>
    </div>
  );
}
