// Open Project: browse to a folder holding tinyml.json.
import { useCallback, useState } from 'react';
import { Modal } from '../../components/Modal';
import { useApp, useAppStore } from '../../store';
import { FolderPicker, type DirListing } from './FolderPicker';

export function OpenProjectDialog() {
  const store = useAppStore();
  const busy = useApp((s) => s.projectBusy);
  const current = useApp((s) => s.project?.dir);
  const [listing, setListing] = useState<DirListing | null>(null);
  const onDirChange = useCallback((l: DirListing) => setListing(l), []);
  const close = () => store.getState().closeDialog();

  async function open(dir: string) {
    if (await store.getState().openProject(dir)) {
      store.getState().closeDialog();
      store.getState().showArea('project');
    }
  }

  return (
    <Modal
      title="Open Project"
      onClose={close}
      width={620}
      footer={
        <>
          <span className="modal-footer-note">Pick the folder that contains <code>tinyml.json</code>.</span>
          <button className="btn" onClick={close}>
            Cancel
          </button>
          <button className="btn btn-primary" disabled={!listing || busy} title={busy ? 'Opening…' : !listing ? 'Wait for the folder to load' : `Open ${listing.dir}`} onClick={() => listing && open(listing.dir)}>
            {busy ? 'Opening…' : 'Open This Folder'}
          </button>
        </>
      }
    >
      <FolderPicker initialDir={current ?? undefined} onDirChange={onDirChange} onOpenProject={open} />
    </Modal>
  );
}
