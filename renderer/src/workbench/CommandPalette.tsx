// Ctrl/Cmd+Shift+P: every command, fuzzy-filtered, keyboard-driven (↑ ↓ Enter Esc), with its key bindings. A
// command that cannot run now stays listed, dimmed, with the reason (the same words as its area's button).
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { keybindingsOf } from '../commands/command';
import { fuzzyMatch } from '../commands/fuzzy';
import { formatKeybinding, isMacPlatform } from '../commands/keybinding';
import { useAppStore } from '../store';
import { useRunCommand, useWorkbench } from '../workbench-context';

export function CommandPalette() {
  const { commands } = useWorkbench();
  const store = useAppStore();
  const run = useRunCommand();
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const mac = isMacPlatform();
  // Areas register and update handlers while the palette is open (e.g. a build finishing re-enables Build).
  const version = useSyncExternalStore(
    (l) => commands.subscribe(l),
    () => commands.snapshot(),
  );

  const items = useMemo(() => {
    const all = commands.all().filter((c) => c.id !== 'workbench.showCommands');
    const scored = all
      .map((c) => {
        const label = `${c.category}: ${c.title}`;
        return { c, label, m: fuzzyMatch(query, label), disabledReason: commands.state(c.id, { store }).disabledReason };
      })
      .filter((x) => x.m !== null);
    if (query.trim()) scored.sort((a, b) => b.m!.score - a.m!.score);
    else scored.sort((a, b) => a.label.localeCompare(b.label));
    return scored;
    // version: re-read enabled states when handlers change.
  }, [commands, query, store, version]);

  useEffect(() => setIndex(0), [query]);
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [index]);

  const close = () => store.getState().closePalette();
  const choose = (i: number) => {
    const item = items[i];
    if (!item || item.disabledReason) return;
    close();
    run(item.c.id);
  };

  return (
    <div className="palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="palette" role="dialog" aria-label="Command palette">
        <input
          className="palette-input"
          autoFocus
          placeholder="Type the name of a command to run"
          aria-label="Command"
          aria-controls="palette-list"
          aria-activedescendant={items[index] ? `cmd-${items[index].c.id}` : undefined}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setIndex((i) => (items.length ? (i + 1) % items.length : 0));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setIndex((i) => (items.length ? (i - 1 + items.length) % items.length : 0));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              choose(index);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              close();
            }
          }}
        />
        <ul className="palette-list" id="palette-list" role="listbox" ref={listRef}>
          {items.length === 0 && <li className="palette-empty">No matching commands</li>}
          {items.map((x, i) => (
            <li
              key={x.c.id}
              id={`cmd-${x.c.id}`}
              role="option"
              aria-selected={i === index}
              aria-disabled={x.disabledReason ? true : undefined}
              title={x.disabledReason}
              className={`palette-item${i === index ? ' selected' : ''}${x.disabledReason ? ' disabled' : ''}`}
              onMouseMove={() => i !== index && setIndex(i)}
              onClick={() => choose(i)}
            >
              <span className="palette-label">
                <Highlighted text={x.label} positions={x.m!.positions} />
                {x.disabledReason && <span className="palette-reason">{x.disabledReason}</span>}
              </span>
              {keybindingsOf(x.c).map((kb) => (
                <kbd key={kb}>{formatKeybinding(kb, mac)}</kbd>
              ))}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function Highlighted({ text, positions }: { text: string; positions: number[] }) {
  if (!positions.length) return <>{text}</>;
  const set = new Set(positions);
  const out: React.ReactNode[] = [];
  let run = '';
  let runHit = false;
  const flush = (k: number) => {
    if (run) out.push(runHit ? <mark key={k}>{run}</mark> : <span key={k}>{run}</span>);
    run = '';
  };
  for (let i = 0; i < text.length; i++) {
    const hit = set.has(i);
    if (hit !== runHit) {
      flush(i);
      runHit = hit;
    }
    run += text[i];
  }
  flush(text.length);
  return <>{out}</>;
}
