// Toasts in the bottom-right corner. Errors stay until dismissed (they carry the hint the user needs);
// other kinds fade after a few seconds.
import { useEffect } from 'react';
import { CheckIcon, CloseIcon, ErrorIcon, InfoIcon, WarningIcon } from '../components/icons';
import { useApp, useAppStore } from '../store';
import type { AppNotification } from '../store/notifications-slice';
import { useRunCommand } from '../workbench-context';

const AUTO_DISMISS_MS: Record<AppNotification['kind'], number | null> = { info: 6000, success: 4000, warning: 10000, error: null };

export function Notifications() {
  const items = useApp((s) => s.notifications);
  return (
    <div className="toasts" aria-live="polite">
      {items.map((n) => (
        <Toast key={n.id} n={n} />
      ))}
    </div>
  );
}

function Toast({ n }: { n: AppNotification }) {
  const store = useAppStore();
  const run = useRunCommand();
  const dismiss = () => store.getState().dismissNotification(n.id);
  useEffect(() => {
    const ms = AUTO_DISMISS_MS[n.kind];
    if (!ms) return;
    const t = setTimeout(() => store.getState().dismissNotification(n.id), ms);
    return () => clearTimeout(t);
  }, [n.id, n.kind, n.count, store]);
  const Icon = { info: InfoIcon, success: CheckIcon, warning: WarningIcon, error: ErrorIcon }[n.kind];
  return (
    <div className={`toast toast-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
      <Icon size={18} className="toast-icon" />
      <div className="toast-body">
        <div className="toast-message">
          {n.message}
          {n.count > 1 && <span className="toast-count">×{n.count}</span>}
        </div>
        {n.hint && <div className="toast-hint">{n.hint}</div>}
        {n.action && (
          <button
            className="btn btn-small"
            onClick={() => {
              dismiss();
              run(n.action!.command);
            }}
          >
            {n.action.label}
          </button>
        )}
      </div>
      <button className="icon-btn" aria-label="Dismiss notification" title="Dismiss" onClick={dismiss}>
        <CloseIcon size={14} />
      </button>
    </div>
  );
}
