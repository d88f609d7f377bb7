// The Code area: the firmware sources of the current board's build in Monaco. Generated files (model.h,
// model.c, model_data.c, kernels, runtime) are read-only with a banner; the user's application file is
// editable and saved atomically through the project service (Ctrl+S). Compiler diagnostics open here at the line.
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { Api } from '../../../../shared/api/api';
import { findBoard } from '../../../../shared/boards/catalog';
import { codeLocations, type CodeLocation } from '../../commands/code-open-at';
import { useCommandHandler } from '../../commands/use-command-handler';
import { AreaHeader } from '../../components/AreaHeader';
import { EmptyState } from '../../components/EmptyState';
import { CodeIcon } from '../../components/icons';
import { useApp } from '../../store';
import { selectBoardId } from '../../store/selectors';
import { useRunCommand, useWorkbench } from '../../workbench-context';
import { codeFiles, fileForPath, GROUP_ORDER, GROUP_TITLES, isUserFile, sourcesDir, type CodeFile } from './code-files';
import type { RevealRequest } from './CodeEditor';
import './code.css';

const CodeEditor = lazy(() => import('./CodeEditor'));

/** Every file under `abs`, as paths relative to it (the tree is small: a few dozen files). */
async function listTree(api: Api, abs: string, prefix = ''): Promise<string[]> {
  const listing = await api.project.listDir(abs);
  const out: string[] = [];
  for (const e of listing.entries) {
    if (e.isDir) out.push(...(await listTree(api, `${abs}/${e.name}`, `${prefix}${e.name}/`)));
    else out.push(`${prefix}${e.name}`);
  }
  return out;
}

export function CodeArea() {
  const { api } = useWorkbench();
  const run = useRunCommand();
  const project = useApp((s) => s.project);
  const boardId = useApp(selectBoardId);
  const notifyError = useApp((s) => s.notifyError);
  const notify = useApp((s) => s.notify);
  const showPanel = useApp((s) => s.showPanel);
  const board = boardId ? findBoard(boardId) : undefined;
  const projectDir = project?.dir ?? null;

  const [files, setFiles] = useState<CodeFile[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [saved, setSaved] = useState<Record<string, string>>({});
  const [dirty, setDirty] = useState<Set<string>>(new Set());
  const [reveal, setReveal] = useState<RevealRequest | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const jobState = useApp((s) => (jobId ? s.jobs.find((j) => j.jobId === jobId)?.state : undefined));
  const revealSeq = useRef(0);

  // List the board's sources (again after a generate/build job of ours finishes).
  useEffect(() => {
    if (!projectDir || !boardId) return;
    let live = true;
    setListError(null);
    listTree(api, `${projectDir}/${sourcesDir(boardId)}`)
      .then((rel) => live && setFiles(codeFiles(boardId, rel)))
      .catch(() => live && setFiles([]));
    return () => {
      live = false;
    };
  }, [api, projectDir, boardId, jobState]);

  const file = files?.find((f) => f.path === selected) ?? null;

  // Default selection: the user's file, else model.c.
  useEffect(() => {
    if (!files?.length || (selected && files.some((f) => f.path === selected))) return;
    setSelected((files.find((f) => !f.readOnly) ?? files.find((f) => f.rel === 'model.c') ?? files[0]).path);
  }, [files, selected]);

  // Read the selected file's text once (saving and reloading update it).
  useEffect(() => {
    if (!file || saved[file.path] !== undefined) return;
    let live = true;
    api.project
      .readText(file.path)
      .then((text) => live && setSaved((s) => ({ ...s, [file.path]: text })))
      .catch((e: Error) => live && setListError(`Could not read ${file.path}: ${e.message}`));
    return () => {
      live = false;
    };
  }, [api, file, saved]);

  // Locations from the Output / Problems panels.
  const openAt = useCallback(
    (loc: CodeLocation) => {
      if (!files) return false;
      const f = fileForPath(files, loc.file, projectDir);
      if (!f) {
        notify({ kind: 'warning', message: `${loc.file} is not part of this project's firmware sources.`, hint: 'Only the files of the current board’s build open in the Code area.' });
        return true;
      }
      setSelected(f.path);
      setReveal({ line: loc.line, column: loc.column, seq: ++revealSeq.current });
      return true;
    },
    [files, projectDir, notify],
  );
  useEffect(() => {
    if (!files) return;
    const pending = codeLocations.take();
    if (pending) openAt(pending);
    return codeLocations.subscribe(() => {
      const loc = codeLocations.take();
      if (loc) openAt(loc);
    });
  }, [files, openAt]);

  const onDirtyChange = useCallback((path: string, isDirty: boolean) => {
    setDirty((d) => {
      if (d.has(path) === isDirty) return d;
      const n = new Set(d);
      if (isDirty) n.add(path);
      else n.delete(path);
      return n;
    });
  }, []);

  const save = useCallback(
    async (path: string, text: string) => {
      try {
        await api.project.writeText(path, text);
        setSaved((s) => ({ ...s, [path]: text }));
      } catch (e) {
        notifyError(e, `Could not save ${path}`);
      }
    },
    [api, notifyError],
  );
  const saveCurrent = useRef<() => void>(() => {});

  const generate = async (compile: boolean) => {
    const model = project?.manifest.models.find((m) => m.id === project.manifest.activeModel) ?? project?.manifest.models.find((m) => m.kind === 'tflite');
    if (!model || !boardId) {
      notify({ kind: 'warning', message: 'Import a .tflite model first: the firmware sources are generated from it.', action: { label: 'Show Model', command: 'view.area.model' } });
      return;
    }
    try {
      const { jobId: id } = await api.build.start({ modelPath: model.path, board: boardId, compile });
      setJobId(id);
      if (compile) showPanel('output');
    } catch (e) {
      notifyError(e, 'Could not start the build');
    }
  };
  const busy = jobState === 'running';
  // The job rewrote the generated files: forget their texts so the open one is read again (the user's file
  // is never rewritten, and may hold edits, so it keeps its text).
  useEffect(() => {
    if (jobState && jobState !== 'running') setSaved((s) => Object.fromEntries(Object.entries(s).filter(([p]) => isUserFile(p))));
  }, [jobState]);

  const notReady = !project ? 'Open or create a project first.' : !boardId ? 'Pick the project board first (Project: Select Target Board…).' : undefined;
  useCommandHandler('build.build', () => generate(true), notReady ?? (busy ? 'A build is already running: wait for it or cancel it.' : undefined));
  useCommandHandler('build.generate', () => generate(false), notReady ?? (busy ? 'A build is already running: wait for it or cancel it.' : undefined));
  // Not gated on unsaved changes: the dirty flag can trail a keystroke by a render, and saving unchanged text is harmless.
  useCommandHandler('code.save', () => saveCurrent.current(), !file ? 'No file is open.' : file.readOnly ? `${file.rel} is generated from the model and read-only.` : undefined);

  if (!project || !board || !boardId) {
    return (
      <div className="area">
        <AreaHeader title="Code" subtitle="Generated C and the firmware build" />
        <EmptyState icon={<CodeIcon size={48} />} title="Compile the model to standalone C" actions={[{ label: 'Open the sample project', onClick: () => run('project.openSample'), primary: true }]}>
          <p>TinyML Studio turns the quantized model into plain C (no interpreter, one static arena) plus your application source, and builds it with <code>arm-none-eabi-gcc</code>.</p>
        </EmptyState>
      </div>
    );
  }

  const isDirty = file ? dirty.has(file.path) : false;
  return (
    <div
      className="area code-area"
      onKeyDown={(e) => {
        // Ctrl+S anywhere in the area (the tree, the header) saves the open file instead of the browser's "Save page".
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's' && !e.defaultPrevented) {
          e.preventDefault();
          saveCurrent.current();
        }
      }}
    >
      <AreaHeader
        title="Code"
        subtitle={
          <>
            Firmware sources for {board.name} · <code>{sourcesDir(boardId)}</code>
          </>
        }
        actions={
          <>
            <button className="btn" data-testid="code-save" disabled={!file || file.readOnly || !isDirty} onClick={() => saveCurrent.current()} title="Save (Ctrl+S)">
              Save
            </button>
            <button className="btn" data-testid="code-generate" disabled={busy} onClick={() => void generate(false)} title="Regenerate model.h / model.c / model_data.c from the model (your app.c is kept)">
              Regenerate C
            </button>
            <button className="btn btn-primary" data-testid="code-build" disabled={busy} onClick={() => void generate(true)}>
              {busy ? 'Working…' : `Build for ${board.name.replace(/\s*\(.*\)$/, '')}`}
            </button>
          </>
        }
      />
      {files && files.length === 0 ? (
        <EmptyState
          icon={<CodeIcon size={48} />}
          title={`No firmware sources for ${board.name} yet`}
          actions={[{ label: busy ? 'Generating…' : 'Generate C sources', onClick: () => void generate(false), primary: true }]}
        >
          <p>
            Generating writes <code>model.h</code>, <code>model.c</code> and <code>model_data.c</code> (read-only: they follow the model), the kernels and runtime, and your own <code>app.c</code> into <code>{sourcesDir(boardId)}</code>. Your <code>app.c</code> is created once and never overwritten.
          </p>
        </EmptyState>
      ) : (
        <div className="code-body">
          <nav className="code-tree" aria-label="Firmware sources" data-testid="code-tree">
            {GROUP_ORDER.map((g) => {
              const inGroup = files?.filter((f) => f.group === g) ?? [];
              if (!inGroup.length) return null;
              return (
                <div key={g} className="code-tree-group">
                  <div className="code-tree-title">{GROUP_TITLES[g]}</div>
                  {inGroup.map((f) => (
                    <button
                      key={f.path}
                      className={`code-tree-item${f.path === selected ? ' selected' : ''}${f.readOnly ? ' readonly' : ' editable'}`}
                      onClick={() => setSelected(f.path)}
                      data-testid="code-file"
                      data-file={f.rel}
                      title={`${f.path}${f.readOnly ? ' (generated, read-only)' : ' (yours)'}`}
                    >
                      <span className={`code-file-icon ${f.name.endsWith('.h') ? 'h' : f.name.endsWith('.c') ? 'c' : 'x'}`}>{f.name.endsWith('.h') ? 'h' : f.name.endsWith('.c') ? 'C' : '≡'}</span>
                      <span className="code-file-name">{f.rel.includes('/') ? f.rel.slice(f.rel.indexOf('/') + 1) : f.rel}</span>
                      {dirty.has(f.path) && <span className="code-dirty" data-testid="code-dirty" title="Unsaved changes" />}
                      {f.readOnly && <LockIcon />}
                    </button>
                  ))}
                </div>
              );
            })}
          </nav>
          <div className="code-main">
            {file && (
              <div className="code-tabbar">
                <span className={`code-tab${isDirty ? ' dirty' : ''}`} data-testid="code-tab">
                  {file.name}
                  {isDirty ? <span className="code-dirty" /> : null}
                </span>
                <span className="code-tab-path">{file.path}</span>
                <span className={`code-tab-kind ${file.readOnly ? 'generated' : 'user'}`}>{file.readOnly ? 'read-only' : 'editable'}</span>
              </div>
            )}
            {file?.readOnly && (
              <div className="code-banner" data-testid="code-banner">
                <strong>generated</strong> — edit the model, not this file. It is rewritten on every build; your code belongs in <button className="link-btn" onClick={() => setSelected(files?.find((f) => !f.readOnly)?.path ?? null)}>app.c</button>.
              </div>
            )}
            {listError && <div className="inline-error code-error">{listError}</div>}
            {file && saved[file.path] !== undefined ? (
              <Suspense fallback={<div className="code-loading">Loading the editor…</div>}>
                <SaveBinder file={file} saveCurrent={saveCurrent} save={save} />
                <CodeEditor file={file} saved={saved[file.path]} reveal={reveal} onDirtyChange={onDirtyChange} onSave={(p, t) => void save(p, t)} />
              </Suspense>
            ) : (
              <div className="code-loading">{files ? 'Loading…' : 'Listing the sources…'}</div>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function LockIcon() {
  return (
    <svg className="code-lock" width="10" height="10" viewBox="0 0 16 16" aria-label="read-only" role="img">
      <title>Generated: read-only</title>
      <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

/** Points the header's Save button at the current file's editor text (Monaco models are the source of truth). */
function SaveBinder({ file, saveCurrent, save }: { file: CodeFile; saveCurrent: RefObject<() => void>; save: (path: string, text: string) => Promise<void> }) {
  useEffect(() => {
    saveCurrent.current = () => {
      void import('./monaco-setup').then(({ monaco }) => {
        const m = monaco.editor.getModel(monaco.Uri.parse(`tinyml://project/${file.path}`));
        if (m && !file.readOnly) void save(file.path, m.getValue());
      });
    };
  }, [file, saveCurrent, save]);
  return null;
}
