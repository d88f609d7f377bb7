// The work areas in activity-bar order. Each workstream swaps its placeholder for the real component here
// (one line). `shortcut` is also the key binding of the "Show <area>" command.
import type { ComponentType } from 'react';
import { AreaHeader } from '../components/AreaHeader';
import { EmptyState } from '../components/EmptyState';
import { CodeIcon, DeviceIcon, LiveIcon, MemoryIcon, ModelIcon, OptimizeIcon, ProjectIcon } from '../components/icons';
import type { AreaId } from '../store/workbench-slice';
import { useApp } from '../store';
import { useRunCommand } from '../workbench-context';
import { CodeArea } from './code/CodeArea';
import { DeviceArea } from './device/DeviceArea';
import { LiveArea } from './live/LiveArea';
import { MemoryArea } from './memory/MemoryArea';
import { ModelArea } from './model/ModelArea';
import { OptimizeArea } from './optimize/OptimizeArea';
import { ProjectArea } from './project/ProjectArea';

export interface AreaDef {
  id: AreaId;
  title: string;
  /** Tooltip line under the title. */
  description: string;
  icon: ComponentType<{ size?: number }>;
  shortcut: string;
  component: ComponentType;
}

/** Until the graph view lands (W6), the Model area says what it will hold. */
function ModelPlaceholder() {
  const run = useRunCommand();
  const models = useApp((s) => s.project?.manifest.models.length ?? 0);
  const hasProject = useApp((s) => s.project !== null);
  return (
    <div className="area">
      <AreaHeader title="Model" subtitle="Graph view and visual designer" />
      <EmptyState
        icon={<ModelIcon size={48} />}
        title={models ? `${models} model${models === 1 ? '' : 's'} in this project` : 'No model to show yet'}
        actions={
          hasProject
            ? [{ label: 'Show the project’s models', onClick: () => run('view.area.project'), primary: true }]
            : [{ label: 'Open the sample project', onClick: () => run('project.openSample'), primary: true }]
        }
      >
        <p>The model’s operator graph appears here: every layer with its tensor shapes, quantization parameters and per-layer cost.</p>
        <p>Models come from the project: import a <code>.tflite</code> or TensorFlow.js model, or design one layer by layer.</p>
      </EmptyState>
    </div>
  );
}

export const AREAS: readonly AreaDef[] = [
  { id: 'project', title: 'Project', description: 'Project, models and target board', icon: ProjectIcon, shortcut: 'Ctrl+1', component: ProjectArea },
  { id: 'model', title: 'Model', description: 'Graph view and visual designer', icon: ModelIcon, shortcut: 'Ctrl+2', component: ModelArea },
  { id: 'optimize', title: 'Optimize', description: 'Quantization and accuracy', icon: OptimizeIcon, shortcut: 'Ctrl+3', component: OptimizeArea },
  { id: 'memory', title: 'Memory', description: 'Flash and RAM map against the board', icon: MemoryIcon, shortcut: 'Ctrl+4', component: MemoryArea },
  { id: 'code', title: 'Code', description: 'Generated C and the firmware build', icon: CodeIcon, shortcut: 'Ctrl+5', component: CodeArea },
  { id: 'device', title: 'Device', description: 'Boards, flashing and the toolchain doctor', icon: DeviceIcon, shortcut: 'Ctrl+6', component: DeviceArea },
  { id: 'live', title: 'Live', description: 'Telemetry from the running model', icon: LiveIcon, shortcut: 'Ctrl+7', component: LiveArea },
];

export function areaById(id: AreaId): AreaDef {
  return AREAS.find((a) => a.id === id) ?? AREAS[0];
}
