// The visual designer: palette, canvas and layer inspector, with live shape inference, parameter/MAC/memory
// totals, undo/redo, copy/paste and save/open in the project (`models/<name>.design.json`).
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { Api } from '../../../../../shared/api/api';
import { smallCnnTemplate } from '../../../../../shared/designer/chain-design';
import { emptyDesign, layerKinds, parseDesign, type DesignDocument, type LayerKind } from '../../../../../shared/designer/design-document';
import { copyLayers, designReducer, newHistory, newLayerIds, type DesignAction, type DesignClip, type DesignHistory } from '../../../../../shared/designer/design-history';
import { layerCatalog, type LayerGroup } from '../../../../../shared/designer/layer-catalog';
import { inferDesign } from '../../../../../shared/designer/shape-inference';
import { designToTfjs } from '../../../../../shared/designer/to-tfjs';
import type { ProjectInfo } from '../../../../../shared/api/project-service';
import { fmtBytes } from '../inspector/NodeInspector';
import { DesignCanvas, LAYER_DRAG_TYPE, type CanvasSelection } from './DesignCanvas';
import { LayerForm } from './LayerForm';

type State = { h: DesignHistory };
type Act = DesignAction | { type: 'load'; doc: DesignDocument };
function reduce(s: State, a: Act): State {
  if (a.type === 'load') return { h: newHistory(a.doc) };
  const h = designReducer(s.h, a);
  return h === s.h ? s : { h };
}

const groups: LayerGroup[] = ['Input', 'Convolution', 'Core', 'Pooling', 'Shape', 'Merge', 'Normalization', 'Activation'];
const safeName = (s: string) => s.trim().replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'design';
export const designPath = (name: string) => `models/${safeName(name)}.design.json`;

export function DesignerView({ api, project, onProjectChanged, onStatus }: { api: Api; project: ProjectInfo | null; onProjectChanged?(p: ProjectInfo): void; onStatus?(text: string): void }) {
  const [{ h }, dispatch] = useReducer(reduce, undefined, () => ({ h: newHistory(smallCnnTemplate('my_model')) }));
  const doc = h.present;
  const report = useMemo(() => inferDesign(doc), [doc]);
  const [selection, setSelection] = useState<CanvasSelection>({ layers: [], edge: null });
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const clip = useRef<DesignClip | null>(null);
  const pasteCount = useRef(0);
  const root = useRef<HTMLDivElement>(null);

  const designs = project?.manifest.models.filter((m) => m.kind === 'design') ?? [];
  const summary = `${report.totalParams.toLocaleString('en-US')} params · ${report.totalMacs.toLocaleString('en-US')} MACs · activations ${fmtBytes(report.peakActivationBytesInt8)} int8 / ${fmtBytes(report.peakActivationBytesFloat32)} float32`;
  useEffect(() => onStatus?.(summary), [summary, onStatus]);

  const act = (a: DesignAction) => {
    const before = doc;
    const after = designReducer({ past: [], present: before, future: [] }, a).present;
    dispatch(a);
    if (a.type === 'paste' || a.type === 'addLayer') setSelection({ layers: newLayerIds(before, after), edge: null });
  };

  const onKey = (e: React.KeyboardEvent) => {
    const tag = (e.target as HTMLElement).tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
    const mod = e.ctrlKey || e.metaKey;
    const k = e.key.toLowerCase();
    if (e.key === 'Delete' || e.key === 'Backspace') {
      if (selection.layers.length) dispatch({ type: 'remove', ids: selection.layers });
      else if (selection.edge) dispatch({ type: 'disconnect', ...selection.edge });
      setSelection({ layers: [], edge: null });
    } else if (mod && k === 'z') dispatch({ type: e.shiftKey ? 'redo' : 'undo' });
    else if (mod && k === 'y') dispatch({ type: 'redo' });
    else if (mod && k === 'c') {
      clip.current = copyLayers(doc, selection.layers);
      pasteCount.current = 0;
    } else if (mod && k === 'v') {
      if (!clip.current) return;
      const off = 30 * ++pasteCount.current;
      act({ type: 'paste', clip: clip.current, dx: off, dy: off });
    } else if (mod && k === 'a') setSelection({ layers: doc.layers.map((l) => l.id), edge: null });
    else return;
    e.preventDefault();
  };

  const save = async () => {
    if (!project) return setMessage({ text: 'Open a project first: designs are saved inside it.', error: true });
    const path = designPath(doc.name);
    try {
      await api.project.writeText(path, JSON.stringify(doc, null, 2) + '\n');
      const id = safeName(doc.name);
      if (!project.manifest.models.some((m) => m.path === path)) {
        const models = [...project.manifest.models.filter((m) => m.id !== id), { id, path, kind: 'design' as const }];
        onProjectChanged?.(await api.project.update({ models }));
      }
      setMessage({ text: `Saved ${path}` });
    } catch (e) {
      setMessage({ text: `Could not save: ${(e as Error).message}`, error: true });
    }
  };
  const open = async (path: string) => {
    try {
      dispatch({ type: 'load', doc: parseDesign(await api.project.readText(path)) });
      setSelection({ layers: [], edge: null });
      setMessage({ text: `Opened ${path}` });
    } catch (e) {
      setMessage({ text: `Could not open ${path}: ${(e as Error).message}`, error: true });
    }
  };
  const exportTfjs = async () => {
    if (!project) return;
    try {
      const path = `models/${safeName(doc.name)}.tfjs/model.json`;
      await api.project.writeText(path, JSON.stringify(designToTfjs(doc), null, 2));
      setMessage({ text: `Exported the tfjs topology to ${path}` });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    }
  };

  const selLayer = selection.layers.length === 1 ? doc.layers.find((l) => l.id === selection.layers[0]) : undefined;
  const addAt = (kind: LayerKind, x?: number, y?: number) => {
    const below = doc.layers.reduce((m, l) => Math.max(m, l.y), -50);
    act({ type: 'addLayer', kind, x: x ?? 80, y: y ?? below + 90 });
  };

  return (
    <div className="designer" ref={root} tabIndex={0} onKeyDown={onKey} data-testid="designer">
      <div className="designer-toolbar">
        <input className="designer-name" data-testid="design-name" value={doc.name} onChange={(e) => dispatch({ type: 'setName', name: e.target.value })} title="Design name (file name when saved)" />
        <button onClick={() => dispatch({ type: 'load', doc: emptyDesign('untitled') })}>New</button>
        <button onClick={() => dispatch({ type: 'load', doc: smallCnnTemplate('small_cnn') })}>Template</button>
        <select data-testid="design-open" value="" onChange={(e) => e.target.value && open(e.target.value)} disabled={!designs.length}>
          <option value="">{designs.length ? 'Open design…' : 'No saved designs'}</option>
          {designs.map((d) => (
            <option key={d.path} value={d.path}>
              {d.id}
            </option>
          ))}
        </select>
        <button data-testid="design-save" className="primary" onClick={save}>
          Save
        </button>
        <button onClick={exportTfjs} disabled={report.errorCount > 0 || !project} title={!project ? 'Open a project first' : report.errorCount > 0 ? `Fix the ${report.errorCount} error${report.errorCount === 1 ? '' : 's'} first` : 'Write a TensorFlow.js layers-model topology for training'}>
          Export tfjs
        </button>
        <span className="toolbar-sep" />
        <button title={h.past.length ? 'Undo (Ctrl+Z)' : 'Nothing to undo'} disabled={!h.past.length} onClick={() => dispatch({ type: 'undo' })}>
          ↶
        </button>
        <button title={h.future.length ? 'Redo (Ctrl+Shift+Z)' : 'Nothing to redo'} disabled={!h.future.length} onClick={() => dispatch({ type: 'redo' })}>
          ↷
        </button>
        <span className="graph-spacer" />
        <span className={`designer-stats${report.errorCount ? ' has-error' : ''}`} data-testid="design-stats">
          {report.errorCount ? `${report.errorCount} problem${report.errorCount > 1 ? 's' : ''} · ` : ''}
          {summary}
        </span>
      </div>
      {(message || report.designErrors.length > 0) && (
        <div className={`designer-message${message?.error || (!message && report.designErrors.length) ? ' error' : ''}`} data-testid="design-message" role="status">
          {message?.text ?? report.designErrors[0]}
        </div>
      )}
      <div className="designer-body">
        <nav className="designer-palette" data-testid="palette">
          {groups.map((g) => (
            <div key={g} className="designer-palette-group">
              <div className="designer-palette-group-title">{g}</div>
              {layerKinds
                .filter((k) => layerCatalog[k].group === g)
                .map((k) => (
                  <div
                    key={k}
                    className="designer-palette-item"
                    data-testid={`palette-${k}`}
                    draggable
                    title={`${layerCatalog[k].doc} Drag onto the canvas, or double-click to add below the last layer.`}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(LAYER_DRAG_TYPE, k);
                      e.dataTransfer.effectAllowed = 'copy';
                    }}
                    onDoubleClick={() => addAt(k)}
                  >
                    {k}
                  </div>
                ))}
            </div>
          ))}
        </nav>
        <div className="designer-canvas-wrap">
          <DesignCanvas doc={doc} report={report} selection={selection} onSelect={setSelection} dispatch={dispatch} onDropLayer={(k, x, y) => addAt(k, x, y)} />
        </div>
        {selLayer ? (
          <LayerForm
            layer={selLayer}
            report={report.layers[selLayer.id]}
            onParam={(key, value) => dispatch({ type: 'setParam', id: selLayer.id, key, value })}
            onRename={(name) => dispatch({ type: 'rename', id: selLayer.id, name })}
          />
        ) : (
          <aside className="inspector designer-inspector muted">
            <p>Select a layer to edit its parameters.</p>
            <p className="small">Drag layers from the palette; connect an output port (bottom) to an input port (top). Delete removes the selection; Ctrl+Z / Ctrl+Shift+Z undo and redo; Ctrl+C / Ctrl+V copy and paste.</p>
          </aside>
        )}
      </div>
    </div>
  );
}
