// The strip of work-area icons on the left, as in VS Code; the tooltip names the area and its shortcut.
import { AREAS } from '../areas/registry';
import { formatKeybinding, isMacPlatform } from '../commands/keybinding';
import { useApp, useAppStore } from '../store';

export function ActivityBar() {
  const active = useApp((s) => s.activeArea);
  const store = useAppStore();
  const mac = isMacPlatform();
  return (
    <nav className="activity-bar" aria-label="Work areas">
      {AREAS.map((a) => {
        const Icon = a.icon;
        const tip = `${a.title} — ${a.description} (${formatKeybinding(a.shortcut, mac)})`;
        return (
          <button
            key={a.id}
            className={a.id === active ? 'activity-item active' : 'activity-item'}
            aria-label={a.title}
            aria-current={a.id === active ? 'page' : undefined}
            title={tip}
            data-area={a.id}
            onClick={() => store.getState().showArea(a.id)}
          >
            <Icon size={24} />
            <span className="activity-label">{a.title}</span>
          </button>
        );
      })}
    </nav>
  );
}
