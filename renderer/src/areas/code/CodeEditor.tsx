// The Monaco editor of the Code area: one text model per file (undo history survives switching files),
// read-only for generated files, Ctrl+S saves, and a requested location is revealed and highlighted.
// Loaded lazily (React.lazy) together with Monaco itself.
import { useEffect, useRef } from 'react';
import type { CodeFile } from './code-files';
import { monaco } from './monaco-setup';

export interface RevealRequest {
  line: number;
  column?: number;
  /** Changes with every request, so the same line can be revealed twice. */
  seq: number;
}

export interface CodeEditorProps {
  file: CodeFile;
  /** The file's text as last read from or written to disk. */
  saved: string;
  reveal: RevealRequest | null;
  onDirtyChange(path: string, dirty: boolean): void;
  onSave(path: string, text: string): void;
}

/**
 * Unsaved edits of files whose editor is gone (the user switched to another area): kept for this window's
 * lifetime so coming back finds them, and offered again as the model's text.
 */
export const unsavedDrafts = new Map<string, string>();

const GENERATED_MESSAGE = 'Generated — edit the model, not this file. Your code goes in app.c.';

export default function CodeEditor({ file, saved, reveal, onDirtyChange, onSave }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const models = useRef(new Map<string, monaco.editor.ITextModel>());
  const savedRef = useRef(new Map<string, string>());
  const cb = useRef({ onDirtyChange, onSave, file });
  cb.current = { onDirtyChange, onSave, file };
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);

  useEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      theme: 'tinyml-dark',
      automaticLayout: true,
      fontFamily: "'JetBrains Mono', 'Cascadia Code', Menlo, Consolas, 'DejaVu Sans Mono', monospace",
      fontSize: 13,
      lineHeight: 19,
      minimap: { enabled: true, renderCharacters: false, scale: 1 },
      scrollBeyondLastLine: false,
      renderLineHighlight: 'all',
      smoothScrolling: true,
      tabSize: 4,
      fixedOverflowWidgets: true,
      model: null,
    });
    editorRef.current = editor;
    decorations.current = editor.createDecorationsCollection();
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => {
      const f = cb.current.file;
      const m = editor.getModel();
      if (!f.readOnly && m) cb.current.onSave(f.path, m.getValue());
    });
    const byPath = models.current;
    const savedTexts = savedRef.current;
    return () => {
      for (const [path, m] of byPath) {
        if (m.getValue() !== savedTexts.get(path)) unsavedDrafts.set(path, m.getValue());
        m.dispose();
      }
      byPath.clear();
      editor.dispose();
    };
  }, []);

  // Show the file: reuse its model, or create it from the draft / the saved text.
  useEffect(() => {
    const editor = editorRef.current!;
    let model = models.current.get(file.path);
    const previousSaved = savedRef.current.get(file.path);
    savedRef.current.set(file.path, saved);
    if (!model) {
      const draft = unsavedDrafts.get(file.path);
      unsavedDrafts.delete(file.path);
      model = monaco.editor.createModel(draft ?? saved, file.language, monaco.Uri.parse(`tinyml://project/${file.path}`));
      models.current.set(file.path, model);
      const path = file.path;
      const m = model;
      m.onDidChangeContent(() => cb.current.onDirtyChange(path, m.getValue() !== savedRef.current.get(path)));
      cb.current.onDirtyChange(path, m.getValue() !== saved);
    } else if (previousSaved !== saved) {
      // The file changed on disk (a save, or a rebuild rewrote a generated file). Take the new text unless the
      // user has edits of their own; otherwise only the dirty mark is recomputed.
      if (model.getValue() === previousSaved) model.setValue(saved);
      cb.current.onDirtyChange(file.path, model.getValue() !== saved);
    }
    if (editor.getModel() !== model) editor.setModel(model);
    editor.updateOptions({ readOnly: file.readOnly, readOnlyMessage: { value: GENERATED_MESSAGE } });
  }, [file, saved]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal) return;
    const line = Math.max(1, Math.min(reveal.line, editor.getModel()?.getLineCount() ?? reveal.line));
    const column = Math.max(1, reveal.column ?? 1);
    editor.revealLineInCenter(line);
    editor.setPosition({ lineNumber: line, column });
    decorations.current?.set([{ range: new monaco.Range(line, 1, line, 1), options: { isWholeLine: true, className: 'code-reveal-line' } }]);
    editor.focus();
  }, [reveal, file]);

  return <div className="code-editor-host" ref={host} data-testid="code-editor" data-path={file.path} data-readonly={file.readOnly ? 'true' : 'false'} />;
}
