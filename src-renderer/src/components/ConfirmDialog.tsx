import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { userMessage } from '../ipc/user-message';
import { ErrorNotice } from './ErrorNotice';

interface ConfirmDialogProps {
  readonly title: ReactNode;
  /** What will happen, in the user's words: shown as the dialog's description. */
  readonly children: ReactNode;
  readonly confirmLabel: string;
  /** Shown on the confirm button while the action runs, e.g. "Removing…". */
  readonly busyLabel: string;
  /** Runs the action; a thrown error is shown in the dialog and the user can retry or cancel. */
  readonly onConfirm: () => Promise<void>;
  /** Shown when the error carries no message fit for the user. */
  readonly failureMessage: string;
  readonly onCancel: () => void;
}

/** A modal that names a destructive action before doing it; Cancel has the focus. */
export function ConfirmDialog({ title, children, confirmLabel, busyLabel, onConfirm, failureMessage, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (caught) {
      setError(userMessage(caught, failureMessage));
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-what`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 className="dialog__title" id={`${id}-title`}>
        {title}
      </h2>
      <div id={`${id}-what`} className="dialog__body">
        {children}
      </div>
      {error ? <ErrorNotice message={error} /> : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button--danger" onClick={() => void confirm()} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
