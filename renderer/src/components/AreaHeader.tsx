// The title row at the top of every work area.
import type { ReactNode } from 'react';

export function AreaHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="area-header">
      <div className="area-header-text">
        <h1>{title}</h1>
        {subtitle && <div className="area-subtitle">{subtitle}</div>}
      </div>
      {actions && <div className="area-header-actions">{actions}</div>}
    </header>
  );
}
