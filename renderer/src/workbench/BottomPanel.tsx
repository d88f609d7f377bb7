// The bottom panel (Output / Problems / Serial), resizable by dragging its top edge.
import { useRef } from 'react';
import { ChevronDownIcon } from '../components/icons';
import { OutputPanel, OutputToolbar } from '../panels/OutputPanel';
import { ProblemsPanel, ProblemsToolbar } from '../panels/ProblemsPanel';
import { SerialPanel } from '../panels/SerialPanel';
import { useApp, useAppStore } from '../store';
import { selectErrorCount, selectWarningCount } from '../store/selectors';
import type { PanelTab } from '../store/workbench-slice';

const TABS: { id: PanelTab; label: string }[] = [
  { id: 'output', label: 'Output' },
  { id: 'problems', label: 'Problems' },
  { id: 'serial', label: 'Serial' },
];

export function BottomPanel() {
  const store = useAppStore();
  const tab = useApp((s) => s.panelTab);
  const height = useApp((s) => s.panelHeight);
  const problemCount = useApp((s) => selectErrorCount(s) + selectWarningCount(s));
  const drag = useRef<{ y: number; h: number } | null>(null);

  return (
    <section className="bottom-panel" style={{ height }} aria-label="Panel">
      <div
        className="sash"
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize panel"
        onPointerDown={(e) => {
          drag.current = { y: e.clientY, h: height };
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          if (drag.current) store.getState().resizePanel(drag.current.h + (drag.current.y - e.clientY));
        }}
        onPointerUp={() => (drag.current = null)}
        onDoubleClick={() => store.getState().resizePanel(220)}
      />
      <div className="panel-header">
        <div className="tabs" role="tablist">
          {TABS.map((t) => (
            <button key={t.id} role="tab" aria-selected={t.id === tab} className={t.id === tab ? 'tab active' : 'tab'} onClick={() => store.getState().showPanel(t.id)}>
              {t.label}
              {t.id === 'problems' && problemCount > 0 && <span className="badge">{problemCount}</span>}
            </button>
          ))}
        </div>
        <div className="panel-actions">
          {tab === 'output' && <OutputToolbar />}
          {tab === 'problems' && <ProblemsToolbar />}
          <button className="icon-btn" title="Hide Panel (Ctrl+J or Ctrl+`)" aria-label="Hide panel" onClick={() => store.getState().hidePanel()}>
            <ChevronDownIcon size={16} />
          </button>
        </div>
      </div>
      <div className="panel-body" role="tabpanel">
        {tab === 'output' && <OutputPanel />}
        {tab === 'problems' && <ProblemsPanel />}
        {tab === 'serial' && <SerialPanel />}
      </div>
    </section>
  );
}
