// The actions the areas' buttons perform, declared once so the palette, key bindings and Electron's menu list
// them all the time, under stable ids. Commands with an `area` are carried out by that area's handler
// (`useCommandHandler` beside the button); run from elsewhere they show the area first. Key bindings follow
// VS Code (Ctrl+Shift+B build, Ctrl+S save) and Arduino IDE 2 (Ctrl+R verify, Ctrl+U upload).
import { liveStore } from '../areas/live/live-store';
import { optimizeStore } from '../areas/optimize/optimize-store';
import type { AppState } from '../store';
import type { Command } from './command';

const needsProject = (s: AppState) => (s.project ? undefined : 'Open or create a project first (Project: Open Project… or Open Sample Project).');

const wizardStep = (id: string, title: string, step: 'data' | 'train' | 'quantize' | 'compare'): Command => ({
  id,
  title,
  category: 'Optimize',
  disabledReason: needsProject,
  run: ({ store }) => {
    store.getState().showArea('optimize');
    optimizeStore.setState({ step });
  },
});

export const ACTION_COMMANDS: Command[] = [
  // Build (Code area): generate the C sources from the model and compile them for the project board.
  { id: 'build.build', title: 'Build Firmware', category: 'Build', keybinding: 'Ctrl+Shift+B', moreKeybindings: ['Ctrl+R'], area: 'code', disabledReason: needsProject },
  { id: 'build.generate', title: 'Regenerate C Sources', category: 'Build', area: 'code', disabledReason: needsProject },
  { id: 'code.save', title: 'Save File', category: 'File', keybinding: 'Ctrl+S', keybindingInAreaOnly: true, area: 'code', disabledReason: needsProject },

  // Memory area's build bar: exports of the model for other toolchains, into <project>/exports/.
  { id: 'build.exportPlatformio', title: 'Export PlatformIO Project', category: 'Build', area: 'memory', disabledReason: needsProject },
  { id: 'build.exportArduino', title: 'Export Arduino Library (.zip)', category: 'Build', area: 'memory', disabledReason: needsProject },
  { id: 'build.exportSources', title: 'Export C Sources (.zip)', category: 'Build', area: 'memory', disabledReason: needsProject },

  // Device area: flash (upload) and the serial connection.
  { id: 'device.flash', title: 'Upload (Flash) to Board', category: 'Device', keybinding: 'Ctrl+U', area: 'device', disabledReason: needsProject },
  { id: 'device.connect', title: 'Connect to Serial Port', category: 'Device', area: 'device' },
  {
    id: 'device.disconnect',
    title: 'Disconnect Serial Port',
    category: 'Device',
    disabledReason: () => {
      const st = liveStore.getState().status?.state;
      return st === 'connected' || st === 'connecting' ? undefined : 'No board is connected.';
    },
    run: async ({ api }) => {
      await api.device.disconnect();
    },
  },

  // Live area: validation on the target and the serial monitor.
  { id: 'live.validate', title: 'Validate on Target', category: 'Live', area: 'live', reveal: ({ run }) => run('live.showValidate') },
  { id: 'live.showValidate', title: 'Show Validation', category: 'Live', area: 'live' },
  { id: 'live.showMonitor', title: 'Show Serial Monitor (Live)', category: 'Live', area: 'live' },
  { id: 'live.showPlotter', title: 'Show Serial Plotter', category: 'Live', area: 'live' },
  {
    id: 'monitor.clear',
    title: 'Clear Serial Monitor',
    category: 'Serial Monitor',
    disabledReason: () => (liveStore.getState().lines.length ? undefined : 'The monitor has no lines to clear.'),
    run: () => liveStore.getState().clearLines(),
  },
  { id: 'monitor.save', title: 'Save Serial Monitor Log…', category: 'Serial Monitor', area: 'live', reveal: ({ run }) => run('live.showMonitor') },

  // Model area: import; Optimize area: the wizard's steps.
  { id: 'model.import', title: 'Import Model…', category: 'Model', area: 'model', disabledReason: needsProject },
  wizardStep('optimize.data', 'Choose Dataset…', 'data'),
  wizardStep('optimize.train', 'Train Model…', 'train'),
  wizardStep('optimize.quantize', 'Quantize Model (int8)…', 'quantize'),
  wizardStep('optimize.compare', 'Compare Variants…', 'compare'),
];
