// The Optimize area: a four-step wizard — Data → Train → Quantize → Compare — over one model of the project.
// Designer models are trained and turned into variants by the training service; imported float .tflite models
// go straight to post-training quantization (the quantize service). The steps share state in optimize-store.
import { useStore } from 'zustand';
import { findBoard } from '../../../../shared/boards/catalog';
import { AreaHeader } from '../../components/AreaHeader';
import { EmptyState } from '../../components/EmptyState';
import { OptimizeIcon } from '../../components/icons';
import { useApp } from '../../store';
import { useRunCommand } from '../../workbench-context';
import { CompareStep } from './CompareStep';
import { DataStep } from './DataStep';
import { optimizeStore, type WizardStep } from './optimize-store';
import { QuantizeStep } from './QuantizeStep';
import { TrainStep } from './TrainStep';
import { useWizardModels, type WizardModel } from './use-models';
import './optimize.css';

const STEPS: { id: WizardStep; title: string; hint: string }[] = [
  { id: 'data', title: 'Data', hint: 'Dataset or calibration inputs' },
  { id: 'train', title: 'Train', hint: 'Designer models only' },
  { id: 'quantize', title: 'Quantize', hint: 'int8, calibration, per-layer error' },
  { id: 'compare', title: 'Compare', hint: 'Variants on the board' },
];

const PRECISION_TEXT: Record<string, string> = { float32: 'float32', int8: 'int8', mixed: 'mixed', design: 'design' };

/** The wizard's model: the one picked here, else the project's active model, else the first. */
export function pickWizardModel(models: readonly WizardModel[], picked: string | null, activeId: string | null): WizardModel | null {
  return models.find((m) => m.entry.id === picked) ?? models.find((m) => m.entry.id === activeId) ?? models[0] ?? null;
}

export function OptimizeArea() {
  const run = useRunCommand();
  const project = useApp((s) => s.project);
  const step = useStore(optimizeStore, (s) => s.step);
  const picked = useStore(optimizeStore, (s) => s.modelId);
  const { models, activeId } = useWizardModels();
  const model = pickWizardModel(models, picked, activeId);
  const board = project ? findBoard(project.manifest.board) : undefined;

  if (!project) {
    return (
      <div className="area">
        <AreaHeader title="Optimize" subtitle="Quantization and accuracy" />
        <EmptyState icon={<OptimizeIcon size={48} />} title="No project open" actions={[{ label: 'Open the sample project', onClick: () => run('project.openSample'), primary: true }]}>
          <p>Open a project to quantize its model to int8, compare float and int8 layer by layer, and pick the variant that fits the board.</p>
        </EmptyState>
      </div>
    );
  }

  const isDesign = model?.entry.kind === 'design';
  const setStep = (s: WizardStep) => optimizeStore.setState({ step: s });
  return (
    <div className="area optimize-area">
      <AreaHeader
        title="Optimize"
        subtitle={`Quantize, prune and compare variants · target ${board?.name ?? project.manifest.board}`}
        actions={
          <label className="opt-model-picker">
            <span>Model</span>
            <select aria-label="Model to optimize" value={model?.entry.id ?? ''} onChange={(e) => optimizeStore.setState({ modelId: e.target.value })}>
              {models.map((m) => (
                <option key={m.entry.id} value={m.entry.id}>
                  {m.entry.id} · {m.precision ? PRECISION_TEXT[m.precision] : '…'}
                  {m.entry.id === activeId ? ' (active)' : ''}
                </option>
              ))}
            </select>
          </label>
        }
      />
      <nav className="opt-stepper" aria-label="Optimize steps">
        {STEPS.map((s, i) => {
          const skipped = s.id === 'train' && !isDesign;
          return (
            <button key={s.id} className={`opt-step${step === s.id ? ' current' : ''}${skipped ? ' skipped' : ''}`} aria-current={step === s.id ? 'step' : undefined} onClick={() => setStep(s.id)}>
              <span className="opt-step-num">{i + 1}</span>
              <span className="opt-step-text">
                <span className="opt-step-title">{s.title}</span>
                <span className="opt-step-hint">{skipped ? 'Not needed: the model is already trained' : s.hint}</span>
              </span>
            </button>
          );
        })}
      </nav>
      <div className="area-scroll opt-body">
        {!model ? (
          <EmptyState icon={<OptimizeIcon size={48} />} title="No model in this project" actions={[{ label: 'Go to the Project area', onClick: () => run('view.area.project'), primary: true }]}>
            <p>Import a float .tflite model or design one in the Model area, then come back to quantize it.</p>
          </EmptyState>
        ) : step === 'data' ? (
          <DataStep model={model} models={models} />
        ) : step === 'train' ? (
          <TrainStep model={model} />
        ) : step === 'quantize' ? (
          <QuantizeStep model={model} models={models} />
        ) : (
          <CompareStep model={model} />
        )}
      </div>
    </div>
  );
}
