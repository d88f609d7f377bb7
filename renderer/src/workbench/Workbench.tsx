// The whole window: activity bar | active area, bottom panel, status bar; overlays on top.
import { areaById } from '../areas/registry';
import { useApp } from '../store';
import { ActivityBar } from './ActivityBar';
import { BottomPanel } from './BottomPanel';
import { CommandPalette } from './CommandPalette';
import { Dialogs } from './Dialogs';
import { Notifications } from './Notifications';
import { StatusBar } from './StatusBar';
import { useKeybindings } from './use-keybindings';
import { useRecentProjectCommands } from './use-recent-project-commands';

export function Workbench() {
  useKeybindings();
  useRecentProjectCommands();
  const active = useApp((s) => s.activeArea);
  const panelVisible = useApp((s) => s.panelVisible);
  const paletteOpen = useApp((s) => s.paletteOpen);
  const Area = areaById(active).component;
  return (
    <div className="workbench">
      <div className="workbench-main">
        <ActivityBar />
        <div className="editor-column">
          <main className="editor" data-area={active} aria-label={`${areaById(active).title} area`}>
            <Area />
          </main>
          {panelVisible && <BottomPanel />}
        </div>
      </div>
      <StatusBar />
      <Dialogs />
      {paletteOpen && <CommandPalette />}
      <Notifications />
    </div>
  );
}
