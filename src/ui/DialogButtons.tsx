/** A form dialog's buttons: Cancel, then the submit button that does what the dialog is for. */

interface Props {
  /** The submit button's text: "Add", "Crash", "Import". */
  submit: string;
  onCancel(): void;
  /** A destructive action (the red style). */
  danger?: boolean;
  disabled?: boolean;
}

/** Cancel and submit, right-aligned under the form. */
export function DialogButtons({ submit, onCancel, danger = false, disabled = false }: Props) {
  return (
    <div className="dialog-buttons">
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} disabled={disabled}>
        {submit}
      </button>
    </div>
  );
}
