// The Model area: the project's model as an operator graph (with inspector), model import, and the visual
// designer. On opening it shows the project's active model (the sample project's model on first run).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useCommandHandler } from '../../commands/use-command-handler';
import type { Graph } from '../../../../shared/ir/graph';
import { computeStats } from '../../../../shared/ir/stats';
import { AreaHeader } from '../../components/AreaHeader';
import { useApp } from '../../store';
import { useWorkbench } from '../../workbench-context';
import { DesignerView } from './designer/DesignerView';
import { GraphView } from './graph/GraphView';
import { NodeInspector } from './inspector/NodeInspector';
import { importModelFiles, loadModel } from './model-api';
import './model.css';

type Tab = 'graph' | 'designer';

export function ModelArea() {
  const { api } = useWorkbench();
  const project = useApp((s) => s.project);
  const applyProjectChanged = useApp((s) => s.applyProjectChanged);
  const [tab, setTab] = useState<Tab>('graph');
  const [graph, setGraph] = useState<Graph | null>(null);
  const [modelPath, setModelPath] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const stats = useMemo(() => (graph ? computeStats(graph) : null), [graph]);
  const setModelSummary = useApp((s) => s.setModelSummary);
  // The status bar shows what the visible model costs: the designer reports its own line; the graph tab this.
  useEffect(() => {
    // Named, because other areas may show another model (Memory's picker, the flashed one in Live).
    const name = modelPath?.split(/[\\/]/).pop();
    if (tab === 'graph') setModelSummary(stats ? `${name ? `${name} · ` : ''}${stats.totalParams.toLocaleString('en-US')} params · ${stats.totalMacs.toLocaleString('en-US')} MACs` : null);
  }, [tab, stats, modelPath, setModelSummary]);

  const viewable = project?.manifest.models.filter((m) => m.kind !== 'design') ?? [];
  const active = viewable.find((m) => m.id === project?.manifest.activeModel) ?? viewable[0];

  const open = useCallback(
    async (path: string) => {
      setBusy(true);
      setStatus(null);
      try {
        setGraph(await loadModel(api, path));
        setModelPath(path);
        setSelected(null);
      } catch (e) {
        setStatus({ text: `Could not open ${path}: ${(e as Error).message}`, error: true });
      } finally {
        setBusy(false);
      }
    },
    [api],
  );

  useEffect(() => {
    if (active && active.path !== modelPath) void open(active.path);
    // Only when the project (or its active model) changes, not after a manual pick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active?.path]);

  const onFiles = async (files: File[]) => {
    if (!files.length) return;
    setBusy(true);
    setStatus({ text: `Importing ${files.map((f) => f.name).join(', ')}…` });
    try {
      const { graph: g, result } = await importModelFiles(api, files);
      const p = await api.project.current();
      if (p) applyProjectChanged(p);
      const storedAt = (result as { path?: unknown } | null)?.path;
      if (g) {
        setGraph(g);
        setSelected(null);
        setModelPath(typeof storedAt === 'string' ? storedAt : null);
      } else if (typeof storedAt === 'string') await open(storedAt);
      setTab('graph');
      setStatus({ text: `Imported ${files[0].name}` });
    } catch (e) {
      const err = e as Error & { hint?: string };
      setStatus({ text: `${err.message}${err.hint ? ` ${err.hint}` : ''}`, error: true });
    } finally {
      setBusy(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  useCommandHandler('model.import', () => fileInput.current?.click(), busy ? 'An import is running.' : undefined);
  return (
    <div className="area model-area">
      <AreaHeader
        title="Model"
        subtitle={graph ? `${graph.name}${graph.source ? ` · ${graph.source}` : ''}` : 'Graph view and visual designer'}
        actions={
          <>
            <div className="tabs" role="tablist">
              <button role="tab" aria-selected={tab === 'graph'} className={tab === 'graph' ? 'active' : ''} onClick={() => setTab('graph')} data-testid="tab-graph">
                Graph
              </button>
              <button role="tab" aria-selected={tab === 'designer'} className={tab === 'designer' ? 'active' : ''} onClick={() => setTab('designer')} data-testid="tab-designer">
                Designer
              </button>
            </div>
            {viewable.length > 1 && (
              <select value={modelPath ?? ''} onChange={(e) => e.target.value && open(e.target.value)} title="Model to show">
                {viewable.map((m) => (
                  <option key={m.path} value={m.path}>
                    {m.id}
                  </option>
                ))}
              </select>
            )}
            <button className="primary" onClick={() => fileInput.current?.click()} disabled={busy} title={busy ? 'An import is running' : 'Import a .tflite or TensorFlow.js model into the project'}>
              Import model…
            </button>
            <input
              ref={fileInput}
              type="file"
              data-testid="model-file-input"
              accept=".tflite,.json,.bin"
              multiple
              hidden
              onChange={(e) => void onFiles(Array.from(e.target.files ?? []))}
            />
          </>
        }
      />
      {status && (
        <div className={`model-status${status.error ? ' error' : ''}`} role={status.error ? 'alert' : 'status'} data-testid="model-status">
          {status.text}
        </div>
      )}
      {tab === 'graph' ? (
        graph && stats ? (
          <div className="model-graph-body">
            <GraphView graph={graph} selected={selected} onSelect={setSelected} />
            {selected && <NodeInspector graph={graph} stats={stats} nodeId={selected} onClose={() => setSelected(null)} />}
          </div>
        ) : (
          <div className="model-empty">
            {busy ? (
              <p>Loading the model…</p>
            ) : (
              <>
                <h2>No model to show</h2>
                <p>Import a <code>.tflite</code> file or a TensorFlow.js <code>model.json</code> with its <code>.bin</code> weights, or design a model in the Designer tab.</p>
                <button className="primary" onClick={() => fileInput.current?.click()}>
                  Import model…
                </button>
              </>
            )}
          </div>
        )
      ) : (
        <DesignerView api={api} project={project} onProjectChanged={applyProjectChanged} onStatus={setModelSummary} />
      )}
    </div>
  );
}
