// The shell's own commands. Each entry is one user action; the palette lists them all, together with the areas'
// actions (action-commands.ts) and one entry per recent project (recentProjectCommands).
import { AREAS } from '../areas/registry';
import { copyText } from '../clipboard';
import { selectActiveJob, selectVisibleOutput } from '../store/selectors';
import type { RecentProject } from '../store/project-slice';
import type { Command } from './command';

const areaCommands: Command[] = AREAS.map((a) => ({
  id: `view.area.${a.id}`,
  title: `Show ${a.title}`,
  category: 'View',
  keybinding: a.shortcut,
  run: ({ store }) => store.getState().showArea(a.id),
}));

export const BUILTIN_COMMANDS: Command[] = [
  {
    id: 'workbench.showCommands',
    title: 'Show All Commands',
    category: 'View',
    keybinding: 'Ctrl+Shift+P',
    run: ({ store }) => store.getState().openPalette(),
  },
  ...areaCommands,
  { id: 'view.togglePanel', title: 'Toggle Panel', category: 'View', keybinding: 'Ctrl+J', moreKeybindings: ['Ctrl+`'], run: ({ store }) => store.getState().togglePanel() },
  { id: 'view.output', title: 'Show Output', category: 'View', keybinding: 'Ctrl+Shift+U', run: ({ store }) => store.getState().showPanel('output') },
  { id: 'view.problems', title: 'Show Problems', category: 'View', keybinding: 'Ctrl+Shift+M', run: ({ store }) => store.getState().showPanel('problems') },
  { id: 'view.serial', title: 'Show Serial Monitor', category: 'View', run: ({ store }) => store.getState().showPanel('serial') },

  // Not Ctrl+Shift+N: Chromium keeps that for a new incognito window and never hands it to a page in the browser host.
  { id: 'project.new', title: 'New Project…', category: 'Project', keybinding: 'Ctrl+Alt+N', run: ({ store }) => store.getState().openDialog('newProject') },
  { id: 'project.open', title: 'Open Project…', category: 'Project', keybinding: 'Ctrl+O', run: ({ store }) => store.getState().openDialog('openProject') },
  {
    id: 'project.openSample',
    title: 'Open Sample Project',
    category: 'Project',
    run: async ({ store }) => {
      if (await store.getState().openSample()) store.getState().showArea('project');
    },
  },
  // Ctrl+Shift+B is Build, as in VS Code; the board picker is one palette entry away.
  { id: 'project.selectBoard', title: 'Select Target Board…', category: 'Project', run: ({ store }) => store.getState().openDialog('boardPicker') },
  { id: 'project.reload', title: 'Reload Project', category: 'Project', run: ({ store }) => store.getState().loadProject() },

  {
    id: 'doctor.show',
    title: 'Check Toolchains (Doctor)',
    category: 'Help',
    run: ({ store }) => {
      const s = store.getState();
      s.showArea('device');
      if (!s.doctor && !s.doctorChecking) void s.checkToolchains();
    },
  },
  { id: 'doctor.recheck', title: 'Re-check Toolchains', category: 'Doctor', run: ({ store }) => store.getState().checkToolchains(true) },

  { id: 'output.clear', title: 'Clear Output', category: 'Output', run: ({ store }) => store.getState().clearOutput() },
  {
    id: 'output.copy',
    title: 'Copy Output to Clipboard',
    category: 'Output',
    run: async ({ store }) => {
      const lines = selectVisibleOutput(store.getState());
      await copyText(lines.map((l) => `[${l.channel}] ${l.text}`).join('\n'));
      store.getState().notify({ kind: 'success', message: `Copied ${lines.length} output line${lines.length === 1 ? '' : 's'}.` });
    },
  },
  { id: 'problems.clear', title: 'Clear Problems', category: 'Problems', run: ({ store }) => store.getState().clearProblems() },

  {
    id: 'jobs.cancel',
    title: 'Cancel Running Job',
    category: 'Jobs',
    run: async ({ store }) => {
      const job = selectActiveJob(store.getState());
      if (!job) {
        store.getState().notify({ kind: 'info', message: 'No job is running.' });
        return;
      }
      await store.getState().cancelJob(job.jobId);
    },
  },
  { id: 'notifications.clear', title: 'Clear All Notifications', category: 'Notifications', run: ({ store }) => store.setState({ notifications: [] }) },
  { id: 'help.shortcuts', title: 'Keyboard Shortcuts', category: 'Help', run: ({ store }) => store.getState().openDialog('shortcuts') },
  { id: 'help.about', title: 'About TinyML Studio', category: 'Help', run: ({ store }) => store.getState().openDialog('about') },
];

/** One "Open Recent" entry per recent project, registered while the list holds it (the Workbench keeps them current). */
export function recentProjectCommands(recent: readonly RecentProject[]): Command[] {
  return recent.slice(0, 10).map((r) => ({
    id: `project.openRecent.${r.dir}`,
    title: `Open Recent: ${r.name} — ${r.dir}`,
    category: 'Project',
    run: ({ store }) => store.getState().openProject(r.dir),
  }));
}
