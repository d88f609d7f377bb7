// New Project: a name, a parent folder (browsed on the back end's machine) and a target board.
import { useCallback, useState } from 'react';
import { Modal } from '../../components/Modal';
import { useApp, useAppStore } from '../../store';
import { BOARD_CHOICES } from './boards';
import { FolderPicker, joinPath, type DirListing } from './FolderPicker';

/** Folder name from a project name: keeps it readable but safe on every OS. */
export function folderNameFor(name: string): string {
  return (
    name
      .trim()
      .replace(/[<>:"/\\|?*\u0000-\u001f]+/g, '-')
      .replace(/\s+/g, '-')
      .replace(/^[.-]+|[.-]+$/g, '')
      .toLowerCase() || 'project'
  );
}

export function NewProjectDialog() {
  const store = useAppStore();
  const busy = useApp((s) => s.projectBusy);
  const [name, setName] = useState('My TinyML project');
  const [board, setBoard] = useState(BOARD_CHOICES[0].id);
  const [parent, setParent] = useState<DirListing | null>(null);
  const onDirChange = useCallback((l: DirListing) => setParent(l), []);
  const close = () => store.getState().closeDialog();
  const target = parent ? joinPath(parent.dir, folderNameFor(name)) : null;
  const exists = parent?.entries.some((e) => e.name === folderNameFor(name));

  async function create() {
    if (!target || !name.trim()) return;
    if (await store.getState().createProject(target, name.trim(), board)) {
      store.getState().closeDialog();
      store.getState().showArea('project');
      store.getState().notify({ kind: 'success', message: `Created “${name.trim()}”.` });
    }
  }

  return (
    <Modal
      title="New Project"
      onClose={close}
      width={620}
      footer={
        <>
          <span className="modal-footer-note" title={target ?? ''}>
            {target ? <>Creates <code>{target}</code></> : 'Choose a location'}
          </span>
          <button className="btn" onClick={close}>
            Cancel
          </button>
          <button className="btn btn-primary" disabled={!target || !name.trim() || busy} title={busy ? 'Creating…' : !name.trim() ? 'Enter a project name first' : !target ? 'Pick the parent folder first' : `Create ${target}`} onClick={create}>
            {busy ? 'Creating…' : 'Create Project'}
          </button>
        </>
      }
    >
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label htmlFor="np-name">Name</label>
        <input id="np-name" data-autofocus value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="np-board">Target board</label>
        <select id="np-board" value={board} onChange={(e) => setBoard(e.target.value)}>
          {BOARD_CHOICES.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name} — {b.core}, {b.flashKiB} KiB flash, {b.ramKiB} KiB RAM
            </option>
          ))}
        </select>
        <span className="form-label">Location</span>
        <div>
          <FolderPicker onDirChange={onDirChange} />
          {exists && <div className="inline-warning">A folder with this name already exists here; it must be empty to hold a new project.</div>}
        </div>
      </form>
    </Modal>
  );
}
