/** Machine-wide actions: add a device (hot-plug), rescan the bus, reboot, crash into the kdump kernel. */
import { lazy, Suspense, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectMachine, useSandbox } from '../store';
import { useFocusRebootAfterKill } from './useFocusRebootAfterKill';

// The form and its checks load on first use.
const AddDeviceDialog = lazy(() => import('./AddDeviceDialog').then((m) => ({ default: m.AddDeviceDialog })));
const CrashDialog = lazy(() => import('./CrashDialog').then((m) => ({ default: m.CrashDialog })));

function Status() {
  const booted = useSandbox((s) => selectMachine(s).booted);
  const panicked = useSandbox((s) => selectMachine(s).panicked);
  const kernel = useSandbox((s) => selectMachine(s).kernel);
  const kdump = useSandbox((s) => selectMachine(s).machine.kdump);
  const faults = useSandbox((s) => selectMachine(s).faults.length);
  return (
    <span className="machine-status" role="status">
      {!booted
        ? 'Powered off'
        : panicked
          ? 'Kernel crashed'
          : `Running ${kernel}${kdump ? ' (kdump kernel)' : ''}`}
      {/* Read as "Running v6.1, 1 fault", not "Running v6.11 fault". */}
      {faults > 0 && <span className="visually-hidden">, </span>}
      {faults > 0 && (
        <span className="badge t-fault">
          {faults} fault{faults > 1 ? 's' : ''}
        </span>
      )}
    </span>
  );
}

/** Add device, Rescan, Reboot and Crash: steps for the whole machine (both worlds in compare mode). */
export function MachineActions() {
  const [adding, setAdding] = useState(false);
  const [crashing, setCrashing] = useState(false);
  // Before the first boot, or once the kernel has died, no kernel runs to hot-plug or rescan: the
  // answer would only be -ENODEV or -EIO, a step in the timeline that teaches nothing. A dead kernel
  // can still be crashed into its kdump kernel, unless it is one or none was loaded. Reboot always
  // goes on.
  const { booted, panicked, kdump, noCrashKernel } = useSandbox(
    useShallow((s) => {
      const m = selectMachine(s);
      return {
        booted: m.booted,
        panicked: m.panicked,
        kdump: m.machine.kdump,
        noCrashKernel: m.noCrashKernel === true,
      };
    }),
  );
  const off = !booted || panicked;
  const noCrash = !booted || (panicked && (kdump || noCrashKernel));
  // A disabled button takes no focus and shows no tooltip to a keyboard: the reason is a line of
  // text beside the buttons, and each button it explains has it as its description.
  const reason = !booted
    ? 'No kernel is running: boot first.'
    : !panicked
      ? undefined
      : kdump
        ? 'The kdump kernel has crashed and has no crash kernel to start: reboot.'
        : noCrashKernel
          ? 'The kernel has crashed with no crash kernel loaded: reboot.'
          : 'The kernel has crashed: reboot, or crash into the kdump kernel.';
  const reasonId = useId();
  const why = (disabled: boolean) => (disabled ? reasonId : undefined);
  const reboot = useRef<HTMLButtonElement>(null);
  const act = useFocusRebootAfterKill(reboot, off, noCrash);
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        disabled={off}
        aria-describedby={why(off)}
        onClick={() => setAdding(true)}
      >
        Add device
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={off}
        aria-describedby={why(off)}
        onClick={() => act({ op: 'rescan' })}
      >
        Rescan
      </button>
      <button
        ref={reboot}
        type="button"
        className="btn btn-small"
        title="A cold reboot into the scenario's kernel (also after a crash)"
        onClick={() => useSandbox.getState().act({ op: 'boot' })}
      >
        Reboot
      </button>
      <button
        type="button"
        className="btn btn-small btn-danger"
        disabled={noCrash}
        aria-describedby={why(noCrash)}
        title={noCrash ? undefined : 'The running kernel panics and the kdump kernel boots'}
        onClick={() => act({ op: 'crash' })}
      >
        Crash
      </button>
      <button
        type="button"
        className="btn btn-small btn-danger"
        aria-haspopup="dialog"
        disabled={noCrash}
        aria-describedby={why(noCrash)}
        title={noCrash ? undefined : 'Crash into a kdump kernel booted with another command line'}
        onClick={() => setCrashing(true)}
      >
        Crash with…
      </button>
      {reason && (
        <span id={reasonId} className="machine-off-reason">
          {reason}
        </span>
      )}
      {adding && (
        <Suspense fallback={null}>
          <AddDeviceDialog act={act} onClose={() => setAdding(false)} />
        </Suspense>
      )}
      {crashing && (
        <Suspense fallback={null}>
          <CrashDialog act={act} onClose={() => setCrashing(false)} />
        </Suspense>
      )}
    </>
  );
}

/** The toolbar above the graph. */
export function MachineToolbar() {
  return (
    <fieldset className="machine-toolbar">
      <legend className="visually-hidden">Machine actions</legend>
      <MachineActions />
      <span className="spacer" />
      <Status />
    </fieldset>
  );
}
