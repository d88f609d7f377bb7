// The Project area: what is open (name, folder, board, models), and how to open or start something else.
import { AreaHeader } from '../../components/AreaHeader';
import { EmptyState } from '../../components/EmptyState';
import { CodeIcon, DeviceIcon, FileIcon, LiveIcon, MemoryIcon, ModelIcon, OptimizeIcon, ProjectIcon } from '../../components/icons';
import type { AreaId } from '../../store/workbench-slice';
import { useApp, useAppStore } from '../../store';
import { useRunCommand } from '../../workbench-context';
import { BOARD_CHOICES } from './boards';
import { LabelsDialog } from './LabelsDialog';
import { useState } from 'react';

export function ProjectArea() {
  const project = useApp((s) => s.project);
  const run = useRunCommand();
  const actions = (
    <>
      <button className="btn" onClick={() => run('project.new')}>
        New Project…
      </button>
      <button className="btn" onClick={() => run('project.open')}>
        Open Project…
      </button>
      <button className="btn" onClick={() => run('project.openSample')}>
        Open Sample
      </button>
    </>
  );
  return (
    <div className="area">
      <AreaHeader title="Project" subtitle={project ? project.manifest.name : 'No project open'} actions={actions} />
      <div className="area-scroll">
        {project ? <ProjectDetails /> : <NoProject />}
        {project && <Workflow />}
        <RecentProjects />
      </div>
    </div>
  );
}

function NoProject() {
  const run = useRunCommand();
  return (
    <EmptyState
      icon={<ProjectIcon size={48} />}
      title="Start with a project"
      actions={[
        { label: 'Open the sample project', onClick: () => run('project.openSample'), primary: true },
        { label: 'New Project…', onClick: () => run('project.new') },
        { label: 'Open Project…', onClick: () => run('project.open') },
      ]}
    >
      <p>A project is a folder with a <code>tinyml.json</code> manifest: your models, the target board and build settings.</p>
      <p>The sample project holds a small int8 model and targets a virtual STM32F4 board, so every step runs without hardware.</p>
    </EmptyState>
  );
}

function ProjectDetails() {
  const project = useApp((s) => s.project)!;
  const run = useRunCommand();
  const { manifest, dir } = project;
  const board = BOARD_CHOICES.find((b) => b.id === manifest.board);
  const [editing, setEditing] = useState<string | null>(null);
  const editingModel = manifest.models.find((m) => m.id === editing);
  return (
    <>
      {editingModel && <LabelsDialog model={editingModel} onClose={() => setEditing(null)} />}
      <section className="card">
        <dl className="props">
          <dt>Name</dt>
          <dd className="project-name">{manifest.name}</dd>
          <dt>Folder</dt>
          <dd>
            <code className="path" title={dir}>
              {dir}
            </code>
          </dd>
          <dt>Target board</dt>
          <dd>
            <span className="board-name">{board?.name ?? manifest.board}</span>
            {board && (
              <span className="muted">
                {' '}
                · {board.mcu} · {board.core} @ {board.clockMHz} MHz · {board.flashKiB} KiB flash · {board.ramKiB} KiB RAM
              </span>
            )}
            <button className="link-btn" onClick={() => run('project.selectBoard')}>
              Change…
            </button>
          </dd>
          <dt>Build</dt>
          <dd>
            -{manifest.build.optimization}
            {manifest.build.dsp ? ', CMSIS-DSP kernels where the core has them' : ', portable kernels'}
          </dd>
        </dl>
      </section>
      <section className="card">
        <h3 className="card-title">
          Models <span className="count">{manifest.models.length}</span>
        </h3>
        {manifest.models.length === 0 ? (
          <p className="muted">
            No models yet. Import a <code>.tflite</code> or TensorFlow.js model, or design one, in the{' '}
            <button className="link-btn" onClick={() => run('view.area.model')}>
              Model area
            </button>
            .
          </p>
        ) : (
          <table className="data-table models-table">
            <thead>
              <tr>
                <th>Model</th>
                <th>File</th>
                <th>Format</th>
                <th>Labels</th>
              </tr>
            </thead>
            <tbody>
              {manifest.models.map((m) => (
                <tr key={m.id} className="clickable" onClick={() => run('view.area.model')} title="Show in the Model area">
                  <td>
                    <FileIcon size={14} className="inline-icon" /> {m.id} {m.id === manifest.activeModel && <span className="tag tag-accent">active</span>}
                  </td>
                  <td>
                    <code>{m.path}</code>
                  </td>
                  <td>{m.kind === 'tflite' ? 'TFLite' : m.kind === 'tfjs' ? 'TensorFlow.js' : 'Designer'}</td>
                  <td className="labels-cell">
                    <span className="muted" title={m.labels?.join(', ')}>
                      {m.labels?.length ? `${m.labels.length}: ${m.labels.slice(0, 4).join(', ')}${m.labels.length > 4 ? ', …' : ''}` : 'none'}
                    </span>{' '}
                    <button
                      className="link-btn"
                      title="Edit the class names of this model's outputs"
                      aria-label={`Edit labels of ${m.id}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        setEditing(m.id);
                      }}
                    >
                      Edit…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

const STEPS: { area: AreaId; title: string; text: string }[] = [
  { area: 'model', title: 'Model', text: 'Inspect the graph, import a model or design one' },
  { area: 'optimize', title: 'Optimize', text: 'Quantize to int8 and compare accuracy' },
  { area: 'memory', title: 'Memory', text: 'Check the arena and weights fit the board' },
  { area: 'code', title: 'Code', text: 'Generate C and build the firmware' },
  { area: 'device', title: 'Device', text: 'Flash the board or run it in QEMU' },
  { area: 'live', title: 'Live', text: 'Watch predictions and latency stream in' },
];

/** The path from model to running firmware; each step opens its area. */
function Workflow() {
  const store = useAppStore();
  return (
    <section className="card">
      <h3 className="card-title">Workflow</h3>
      <ol className="workflow">
        {STEPS.map((step, i) => {
          const Icon = areaIcon(step.area);
          return (
            <li key={step.area}>
              <button className="workflow-step" onClick={() => store.getState().showArea(step.area)} title={`Go to ${step.title}`}>
                <span className="workflow-num">{i + 1}</span>
                <Icon size={20} />
                <span className="workflow-title">{step.title}</span>
                <span className="workflow-text">{step.text}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function areaIcon(area: AreaId) {
  return { project: ProjectIcon, model: ModelIcon, optimize: OptimizeIcon, memory: MemoryIcon, code: CodeIcon, device: DeviceIcon, live: LiveIcon }[area];
}

function RecentProjects() {
  const recent = useApp((s) => s.recent);
  const current = useApp((s) => s.project?.dir);
  const store = useAppStore();
  const others = recent.filter((r) => r.dir !== current);
  if (others.length === 0) return null;
  return (
    <section className="card">
      <h3 className="card-title">Recent</h3>
      <ul className="recent-list">
        {others.map((r) => (
          <li key={r.dir}>
            <button className="recent-entry" onClick={() => store.getState().openProject(r.dir)} title={`Open ${r.dir}`}>
              <ProjectIcon size={16} className="inline-icon" />
              <span className="recent-name">{r.name}</span>
              <span className="recent-dir">{r.dir}</span>
              <span className="recent-time">{formatWhen(r.openedAt)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function formatWhen(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const mins = Math.round((Date.now() - t) / 60000);
  if (mins < 1) return 'just now';
  if (mins < 60) return `${mins} min ago`;
  const h = Math.round(mins / 60);
  if (h < 24) return `${h} h ago`;
  return new Date(t).toLocaleDateString();
}
