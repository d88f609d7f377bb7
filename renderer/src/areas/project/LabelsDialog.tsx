// Edit a model's class labels: the Live dashboard and the validation report name outputs with them.
import { useState } from 'react';
import type { ModelEntry } from '../../../../shared/project/manifest';
import { Modal } from '../../components/Modal';
import { useAppStore } from '../../store';
import { formatLabels, parseLabels } from './parse-labels';

export function LabelsDialog({ model, onClose }: { model: ModelEntry; onClose(): void }) {
  const store = useAppStore();
  const [text, setText] = useState(() => formatLabels(model.labels));
  const [saving, setSaving] = useState(false);
  const labels = parseLabels(text);

  async function save() {
    setSaving(true);
    const ok = await store.getState().setModelLabels(model.id, labels);
    setSaving(false);
    if (ok) {
      store.getState().notify({ kind: 'success', message: labels.length ? `Saved ${labels.length} labels for ${model.id}.` : `Removed the labels of ${model.id}.` });
      onClose();
    }
  }

  return (
    <Modal
      title={`Labels — ${model.id}`}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn btn-primary" onClick={() => void save()} disabled={saving} title={saving ? 'Saving…' : undefined} data-testid="labels-save">
            {saving ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <p className="muted">
        One label per line, or comma-separated, in the order of the model's output values (index 0 first). The Live dashboard and the validation report show these names instead of “class N”.
      </p>
      <textarea className="labels-editor" aria-label="Class labels" rows={10} value={text} onChange={(e) => setText(e.target.value)} placeholder={'yes\nno\nunknown'} data-autofocus />
      <p className="muted small" data-testid="labels-count">
        {labels.length === 0 ? 'No labels: outputs show as “class 0”, “class 1”, …' : `${labels.length} labels: ${labels.slice(0, 6).join(' · ')}${labels.length > 6 ? ' · …' : ''}`}
      </p>
    </Modal>
  );
}
