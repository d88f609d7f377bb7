// The Memory area: does the model fit the board? Flash and RAM as stacked bars against the board's budget with
// a verdict, the arena over time, arena figures against TFLM's greedy planner and the lower bound, and a
// per-layer cost table. Everything is computed here from the shared planner and stats, so switching the model
// or the board answers at once; after a build for the board, the bars show the measured ELF sizes instead.
import { useEffect, useMemo, useState } from 'react';
import type { BuildReportData, ExportOptionsInput } from '../../../../shared/api/build-service';
import { BOARDS, findBoard } from '../../../../shared/boards/catalog';
import type { Graph } from '../../../../shared/ir/graph';
import { deserializeGraph } from '../../../../shared/ir/serialize';
import { computeStats } from '../../../../shared/ir/stats';
import { planArena } from '../../../../shared/planner/tinyml-planner';
import { useCommandHandler } from '../../commands/use-command-handler';
import { AreaHeader } from '../../components/AreaHeader';
import { ArenaTimeline } from '../../components/ArenaTimeline';
import { EmptyState } from '../../components/EmptyState';
import { MemoryIcon } from '../../components/icons';
import { MemoryBar, type MemoryBarSegment } from '../../components/MemoryBar';
import { useApp } from '../../store';
import { selectBoardId } from '../../store/selectors';
import { useRunCommand, useWorkbench } from '../../workbench-context';
import { baseName, readBuildReport } from './build-report';
import { ElfDetails } from './ElfDetails';
import { LayerTable } from './LayerTable';
import { coreName, estimateFigures, formatBytes, formatCount, formatDuration, layerRows, measuredFigures, type RegionUsage, type SegmentKey } from './memory-budget';
import { timelineLayout } from './timeline-layout';
import './memory.css';

const SEGMENT_COLOR: Record<SegmentKey, string> = {
  weights: '#3794ff',
  model: '#b180d7',
  kernels: '#4ec9b0',
  runtime: '#d7ba7d',
  libc: '#ce9178',
  arena: '#4fc1ff',
  stack: '#6c7a89',
  other: '#5a5a5a',
};

/** "Virtual STM32F4 (QEMU netduinoplus2)" → "Virtual STM32F4", for buttons. */
function shortName(name: string): string {
  return name.replace(/\s*\(.*\)$/, '');
}

function barSegments(r: RegionUsage): MemoryBarSegment[] {
  return r.segments.map((s) => ({ key: s.key, label: s.label, bytes: s.bytes, color: SEGMENT_COLOR[s.key], detail: s.detail }));
}

export function MemoryArea() {
  const { api } = useWorkbench();
  const run = useRunCommand();
  const project = useApp((s) => s.project);
  const boardId = useApp(selectBoardId);
  const setBoard = useApp((s) => s.setBoard);
  const showPanel = useApp((s) => s.showPanel);
  const notifyError = useApp((s) => s.notifyError);
  const notify = useApp((s) => s.notify);
  const board = boardId ? findBoard(boardId) : undefined;

  const models = useMemo(() => project?.manifest.models.filter((m) => m.kind !== 'design') ?? [], [project]);
  const activePath = (models.find((m) => m.id === project?.manifest.activeModel) ?? models[0])?.path ?? null;
  const [picked, setPicked] = useState<string | null>(null);
  const modelPath = picked && models.some((m) => m.path === picked) ? picked : activePath;

  const [graph, setGraph] = useState<{ path: string; graph: Graph } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    if (!modelPath) return;
    let live = true;
    setLoadError(null);
    api.model
      .load(modelPath)
      .then((json) => live && setGraph({ path: modelPath, graph: deserializeGraph(json) }))
      .catch((e: Error) => live && setLoadError(`Could not load ${modelPath}: ${e.message}`));
    return () => {
      live = false;
    };
  }, [api, modelPath]);

  const g = graph && graph.path === modelPath ? graph.graph : null;
  const analysis = useMemo(() => {
    if (!g) return null;
    try {
      const stats = computeStats(g);
      const plan = planArena(g);
      return { stats, plan, timeline: timelineLayout(g, plan), error: null };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [g]);

  // The last build for this board and model, and a build we started from here.
  const [report, setReport] = useState<BuildReportData | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const jobState = useApp((s) => (jobId ? s.jobs.find((j) => j.jobId === jobId)?.state : undefined));
  const [preferEstimate, setPreferEstimate] = useState(false);
  useEffect(() => {
    if (!boardId || !modelPath) return;
    let live = true;
    setReport(null);
    void readBuildReport(api, boardId, modelPath).then((r) => live && setReport(r));
    return () => {
      live = false;
    };
  }, [api, boardId, modelPath, jobState]);

  const building = jobState === 'running';
  const startBuild = async () => {
    if (!modelPath || !boardId) return;
    try {
      const { jobId: id } = await api.build.start({ modelPath, board: boardId });
      setJobId(id);
      setPreferEstimate(false);
      showPanel('output');
    } catch (e) {
      notifyError(e, 'Could not start the build');
    }
  };

  const [exporting, setExporting] = useState(false);
  const exportAs = async (format: ExportOptionsInput['format']) => {
    if (!modelPath || !boardId) return;
    setExporting(true);
    try {
      const r = await api.build.exportModel({ modelPath, board: boardId, format });
      notify({ kind: 'success', message: `Exported ${r.files} files to ${r.path}` });
    } catch (e) {
      notifyError(e, 'Could not export the model');
    } finally {
      setExporting(false);
    }
  };

  // Hooks before the early returns below. The palette's export commands, disabled with the same reasons.
  const exportBlocked = !project || !board ? 'Open a project first.' : !/\.tflite$/i.test(modelPath ?? '') ? 'Pick a .tflite model first: only compiled models export.' : exporting ? 'An export is running.' : undefined;
  useCommandHandler('build.exportPlatformio', () => exportAs('platformio'), exportBlocked);
  useCommandHandler('build.exportArduino', () => exportAs('arduino'), exportBlocked);
  useCommandHandler('build.exportSources', () => exportAs('sources'), exportBlocked);

  if (!project || !board) {
    return (
      <div className="area">
        <AreaHeader title="Memory" subtitle="Flash and RAM map against the board" />
        <EmptyState
          icon={<MemoryIcon size={48} />}
          title="See whether the model fits"
          actions={[{ label: 'Open the sample project', onClick: () => run('project.openSample'), primary: true }]}
        >
          <p>The memory map shows the tensor arena (each activation buffer over time), the weights in flash and the runtime’s own footprint, against your board’s limits.</p>
        </EmptyState>
      </div>
    );
  }
  if (!modelPath) {
    return (
      <div className="area">
        <AreaHeader title="Memory" subtitle={`Flash and RAM map against ${board.name}`} />
        <EmptyState icon={<MemoryIcon size={48} />} title="No model in this project" actions={[{ label: 'Import a model…', onClick: () => run('view.area.model'), primary: true }]}>
          <p>Import a <code>.tflite</code> model in the Model area; its memory map appears here.</p>
        </EmptyState>
      </div>
    );
  }

  const stats = analysis && !analysis.error ? analysis.stats! : null;
  const plan = analysis && !analysis.error ? analysis.plan! : null;
  const timeline = analysis && !analysis.error ? analysis.timeline! : null;
  const measured = report?.size && !preferEstimate ? measuredFigures(report.size, board) : null;
  const figures = measured ?? (g && stats && plan ? estimateFigures(g, stats, plan, board) : null);
  const rows = g && stats && plan ? layerRows(g, stats, plan, board) : [];
  const totalCycles = rows.reduce((n, r) => n + r.cycles, 0);
  // The Nano 33 BLE has no bare-metal board support: its build is the PlatformIO project (built when pio or
  // platformio is on PATH; otherwise the build says what to install and the project is exported anyway).
  const viaPlatformio = !board.firmwareBoard && board.id === 'nano33ble';
  const canBuild = (!!board.firmwareBoard || viaPlatformio) && /\.tflite$/i.test(modelPath);
  const canExport = /\.tflite$/i.test(modelPath);

  return (
    <div className="area memory-area">
      <AreaHeader
        title="Memory"
        subtitle={
          <>
            {baseName(modelPath)} on {board.name} · {coreName(board.core)} @ {Math.round(board.clockHz / 1e6)} MHz
          </>
        }
        actions={
          <>
            {models.length > 1 && (
              <select className="memory-select" aria-label="Model" data-testid="memory-model" value={modelPath} onChange={(e) => setPicked(e.target.value)}>
                {models.map((m) => (
                  <option key={m.path} value={m.path}>
                    {m.id}
                  </option>
                ))}
              </select>
            )}
            <select className="memory-select" aria-label="Board" title="Target board (flash / RAM)" data-testid="memory-board" value={board.id} onChange={(e) => void setBoard(e.target.value)}>
              {BOARDS.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name} · {Math.round(b.flash.size / 1024)} KB / {Math.round(b.ram.size / 1024)} KB
                </option>
              ))}
            </select>
            <button
              className="btn btn-primary"
              data-testid="memory-build"
              disabled={!canBuild || building}
              title={
                !canBuild
                  ? 'Building needs a .tflite model and a board our firmware supports'
                  : viaPlatformio
                    ? `Export ${baseName(modelPath)} as a PlatformIO project for ${board.name} and build it with "pio run" (needs PlatformIO Core: pipx install platformio)`
                    : `Compile ${baseName(modelPath)} for ${board.name} and measure the firmware`
              }
              onClick={() => void startBuild()}
            >
              {building ? 'Building…' : `Build for ${shortName(board.name)}`}
            </button>
            <select
              className="memory-select"
              aria-label="Export"
              title={`Export ${baseName(modelPath)} for ${board.name} into the project's exports/ folder`}
              data-testid="memory-export"
              disabled={!canExport || exporting}
              value=""
              onChange={(e) => {
                const v = e.target.value as ExportOptionsInput['format'] | '';
                if (v) void exportAs(v);
              }}
            >
              <option value="">{exporting ? 'Exporting…' : 'Export…'}</option>
              <option value="platformio">PlatformIO project</option>
              <option value="arduino">Arduino library (.zip)</option>
              <option value="sources">C sources (.zip)</option>
            </select>
          </>
        }
      />
      <div className="area-scroll memory-scroll">
        {loadError && <div className="inline-error">{loadError}</div>}
        {analysis?.error && <div className="inline-error">Could not plan the arena: {analysis.error}</div>}
        {!figures ? (
          !loadError && <div className="memory-loading">Loading {baseName(modelPath)}…</div>
        ) : (
          <>
            <section className="card memory-budget-card">
              <div className="memory-verdict-row">
                <span className={`memory-verdict ${figures.verdict.fits ? 'fits' : 'over'}`} data-testid="memory-verdict" role="status">
                  <span className="memory-verdict-icon">{figures.verdict.fits ? '✓' : '✕'}</span>
                  {figures.verdict.text}
                </span>
                <span className={`memory-source ${figures.source}`} data-testid="memory-source" title={figures.source === 'measured' ? `From firmware.elf built ${report?.optimization ? `at -${report.optimization}` : ''}` : 'From the model and the planner, before compiling'}>
                  {figures.source}
                </span>
                {report?.size && (
                  <button className="link-btn" onClick={() => setPreferEstimate((v) => !v)} data-testid="memory-toggle-source">
                    {preferEstimate ? 'Show measured' : 'Compare with the estimate'}
                  </button>
                )}
                <span className="memory-verdict-extra">
                  {totalCycles > 0 && (
                    <>
                      ≈ {formatCount(totalCycles)} cycles · <strong>{formatDuration(totalCycles / board.clockHz)}</strong> per inference (estimate)
                    </>
                  )}
                </span>
              </div>
              <MemoryBar label="Flash" segments={barSegments(figures.flash)} total={figures.flash.total} format={formatBytes} testId="bar-flash" />
              <MemoryBar label="RAM" segments={barSegments(figures.ram)} total={figures.ram.total} format={formatBytes} testId="bar-ram" />
            </section>

            {plan && timeline && g && (
              <section className="card">
                <div className="card-title-row">
                  <h2 className="card-title">Tensor arena</h2>
                  <div className="arena-figures" data-testid="arena-figures">
                    <span title="Our planner: best execution order, views and in-place ops share bytes">
                      ours <strong data-testid="arena-ours">{formatBytes(plan.totalBytes)}</strong>
                    </span>
                    <span title="What TFLM's greedy memory planner needs for the same graph">
                      TFLM greedy <strong>{formatBytes(plan.greedyBytes)}</strong>
                      {plan.greedyBytes > plan.totalBytes && <em className="saving"> −{(100 * (1 - plan.totalBytes / plan.greedyBytes)).toFixed(0)}%</em>}
                    </span>
                    <span title="Largest sum of bytes live at the same step: no placement can beat it">
                      lower bound <strong>{formatBytes(plan.lowerBoundBytes)}</strong>
                    </span>
                    <span className="dim" title="Strategy the planner picked">{plan.strategy}</span>
                  </div>
                </div>
                <ArenaTimeline {...timeline} format={formatBytes} />
              </section>
            )}

            {rows.length > 0 && (
              <section className="card">
                <div className="card-title-row">
                  <h2 className="card-title">
                    Layers <span className="count">{rows.length}</span>
                  </h2>
                  <span className="dim memory-table-note">
                    {stats && <>{(stats.totalMacs / 1e6).toFixed(2)} M MACs · {stats.totalParams.toLocaleString('en-US')} parameters · cycles estimated for {coreName(board.core)}{board.dsp ? ' with DSP (SMLAD)' : ''}</>}
                  </span>
                </div>
                <LayerTable rows={rows} clockMHz={Math.round(board.clockHz / 1e6)} />
              </section>
            )}

            {figures.source === 'measured' && report && <ElfDetails report={report} />}
          </>
        )}
      </div>
    </div>
  );
}
