/** In compare mode the inspector only explains: both panes replay the same steps. */
export function CompareActionsHint() {
  return (
    <p className="hint">
      Both panes run the same steps: act on the machine from the “Act on both worlds” panel.
    </p>
  );
}
