// Monaco, bundled with the app (no CDN): the editor core, its standard editing features, C highlighting, and
// the one web worker Monaco needs for plain languages, built by Vite from the package. Imported lazily by the
// Code area so the rest of the IDE starts without loading the editor.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/cpp/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

// The shell's dark palette (styles/theme.css), so the editor does not look pasted in.
monaco.editor.defineTheme('tinyml-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#1e1e1e',
    'editorGutter.background': '#1e1e1e',
    'editor.lineHighlightBackground': '#2a2d2e80',
    'editorLineNumber.foreground': '#6e7681',
    'editorLineNumber.activeForeground': '#cccccc',
    'editorWidget.background': '#252526',
  },
});

export { monaco };
