// Layout of the workbench: which work area is shown, the bottom panel, and which overlay (palette, dialog) is open.
import type { SliceCreator } from './types';

export type AreaId = 'project' | 'model' | 'optimize' | 'memory' | 'code' | 'device' | 'live';
export type PanelTab = 'output' | 'problems' | 'serial';
/** Modal dialogs the shell owns. Only one at a time. */
export type DialogId = 'newProject' | 'openProject' | 'boardPicker' | 'about' | 'shortcuts';

export const PANEL_MIN_HEIGHT = 80;
export const PANEL_DEFAULT_HEIGHT = 220;

export interface WorkbenchSlice {
  activeArea: AreaId;
  panelVisible: boolean;
  panelTab: PanelTab;
  panelHeight: number;
  paletteOpen: boolean;
  dialog: DialogId | null;
  /** One line about the model being edited (params · MACs · activation memory), shown in the status bar. */
  modelSummary: string | null;
  setModelSummary(text: string | null): void;
  showArea(area: AreaId): void;
  togglePanel(): void;
  showPanel(tab?: PanelTab): void;
  hidePanel(): void;
  resizePanel(height: number): void;
  openPalette(): void;
  closePalette(): void;
  openDialog(dialog: DialogId): void;
  closeDialog(): void;
}

export const createWorkbenchSlice: SliceCreator<WorkbenchSlice> = () => (set) => ({
  activeArea: 'project',
  panelVisible: true,
  panelTab: 'output',
  panelHeight: PANEL_DEFAULT_HEIGHT,
  paletteOpen: false,
  dialog: null,
  modelSummary: null,
  setModelSummary: (text) => set({ modelSummary: text }),
  showArea: (area) => set({ activeArea: area }),
  togglePanel: () => set((s) => ({ panelVisible: !s.panelVisible })),
  showPanel: (tab) => set((s) => ({ panelVisible: true, panelTab: tab ?? s.panelTab })),
  hidePanel: () => set({ panelVisible: false }),
  // The panel may take at most ~70% of the window so the editor never vanishes entirely.
  resizePanel: (height) => {
    const max = typeof window !== 'undefined' && window.innerHeight ? Math.round(window.innerHeight * 0.7) : 2000;
    set({ panelHeight: Math.round(Math.min(max, Math.max(PANEL_MIN_HEIGHT, height))) });
  },
  openPalette: () => set({ paletteOpen: true, dialog: null }),
  closePalette: () => set({ paletteOpen: false }),
  openDialog: (dialog) => set({ dialog, paletteOpen: false }),
  closeDialog: () => set({ dialog: null }),
});
