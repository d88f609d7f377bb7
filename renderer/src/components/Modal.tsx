// A modal dialog: focus moves inside, Escape or the backdrop closes it.
import { useEffect, useRef, type ReactNode } from 'react';
import { CloseIcon } from './icons';

export function Modal({ title, onClose, children, footer, width = 560 }: { title: string; onClose(): void; children: ReactNode; footer?: ReactNode; width?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    const first = el?.querySelector<HTMLElement>('[data-autofocus], input, select, button:not(.modal-close)');
    first?.focus();
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        style={{ width }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <div className="modal-header">
          <h2>{title}</h2>
          <button className="icon-btn modal-close" title="Close (Esc)" aria-label="Close" onClick={onClose}>
            <CloseIcon size={16} />
          </button>
        </div>
        <div className="modal-body">{children}</div>
        {footer && <div className="modal-footer">{footer}</div>}
      </div>
    </div>
  );
}
