// What an area shows before it has anything: what will appear here, how to get it, and a button that does it.
import type { ReactNode } from 'react';

export interface EmptyStateAction {
  label: string;
  onClick(): void;
  primary?: boolean;
}

export function EmptyState({ icon, title, children, actions }: { icon?: ReactNode; title: string; children: ReactNode; actions: EmptyStateAction[] }) {
  return (
    <div className="empty-state">
      {icon && <div className="empty-state-icon">{icon}</div>}
      <h2 className="empty-state-title">{title}</h2>
      <div className="empty-state-body">{children}</div>
      <div className="empty-state-actions">
        {actions.map((a) => (
          <button key={a.label} className={a.primary ? 'btn btn-primary' : 'btn'} onClick={a.onClick}>
            {a.label}
          </button>
        ))}
      </div>
    </div>
  );
}
