// An in-app folder browser over `project.listDir`: the web host has no native dialog, and the folders live on
// the back end's machine anyway. Project folders (with tinyml.json) are marked.
import { useCallback, useEffect, useState } from 'react';
import { FolderIcon, ProjectIcon, UpIcon } from '../../components/icons';
import { useAppStore } from '../../store';
import { useWorkbench } from '../../workbench-context';

export interface DirListing {
  dir: string;
  parent: string | null;
  entries: { name: string; isDir: boolean; isProject: boolean }[];
}

export function joinPath(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

export function FolderPicker({ initialDir, onDirChange, onOpenProject }: { initialDir?: string; onDirChange(listing: DirListing): void; onOpenProject?(dir: string): void }) {
  const { api } = useWorkbench();
  const store = useAppStore();
  const [listing, setListing] = useState<DirListing | null>(null);
  const [pathInput, setPathInput] = useState('');
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const go = useCallback(
    async (dir?: string) => {
      setLoading(true);
      setError(null);
      try {
        const l = await api.project.listDir(dir);
        setListing(l);
        setPathInput(l.dir);
        onDirChange(l);
      } catch (e) {
        // Shown inline: the user is typing a path and needs to see why it failed right there.
        const err = e as { message?: string; hint?: string };
        setError([err.message ?? String(e), err.hint].filter(Boolean).join(' '));
        if (!listing) store.getState().notifyError(e, 'Could not list the folder');
      } finally {
        setLoading(false);
      }
    },
    [api, onDirChange],
  );

  useEffect(() => {
    void go(initialDir);
  }, []);

  const dirs = listing?.entries.filter((e) => e.isDir) ?? [];

  return (
    <div className="folder-picker">
      {/* Not a <form>: the picker sits inside the New Project form, and forms cannot nest. */}
      <div className="folder-picker-path">
        <button type="button" className="icon-btn" title="Parent folder" aria-label="Parent folder" disabled={!listing?.parent} onClick={() => listing?.parent && go(listing.parent)}>
          <UpIcon size={16} />
        </button>
        <input
          aria-label="Folder path"
          value={pathInput}
          onChange={(e) => setPathInput(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            // Enter browses to the typed folder; it must not submit the surrounding dialog's form.
            e.preventDefault();
            if (pathInput.trim()) void go(pathInput.trim());
          }}
          spellCheck={false}
        />
        <button type="button" className="btn" onClick={() => pathInput.trim() && go(pathInput.trim())}>
          Go
        </button>
      </div>
      {error && <div className="inline-error">{error}</div>}
      <ul className="folder-list" role="listbox" aria-label="Folders" aria-busy={loading}>
        {dirs.length === 0 && !loading && <li className="folder-empty">No sub-folders here.</li>}
        {dirs.map((d) => (
          <li key={d.name}>
            <button
              type="button"
              className={d.isProject ? 'folder-entry is-project' : 'folder-entry'}
              onClick={() => listing && go(joinPath(listing.dir, d.name))}
              onDoubleClick={() => listing && d.isProject && onOpenProject?.(joinPath(listing.dir, d.name))}
              title={d.isProject ? 'TinyML Studio project (double-click to open)' : 'Open folder'}
            >
              {d.isProject ? <ProjectIcon size={16} className="folder-entry-icon project" /> : <FolderIcon size={16} className="folder-entry-icon" />}
              <span>{d.name}</span>
              {d.isProject && <span className="tag">project</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
