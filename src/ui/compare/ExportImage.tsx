/** Export image: both panes at the viewed step, as SVG or PNG. */
import { useSandbox } from '../../store';
import { exportPng, exportSvg } from './exportImage';

const failed = (e: unknown) =>
  useSandbox.getState().notify({ kind: 'error', title: 'Image not exported', text: String(e) });

/** The two export buttons, named "Export image (SVG)" and "Export image (PNG)". */
export function ExportImage() {
  return (
    <fieldset className="export-image">
      <legend className="export-label">Export image</legend>
      <button
        type="button"
        className="btn btn-small"
        aria-label="Export image (SVG)"
        onClick={() => {
          try {
            exportSvg();
          } catch (e) {
            failed(e);
          }
        }}
      >
        SVG
      </button>
      <button
        type="button"
        className="btn btn-small"
        aria-label="Export image (PNG)"
        onClick={() => exportPng().catch(failed)}
      >
        PNG
      </button>
    </fieldset>
  );
}
