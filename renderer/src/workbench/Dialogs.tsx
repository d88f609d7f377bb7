// The one modal dialog that may be open, chosen by the store.
import { BoardPickerDialog } from '../areas/project/BoardPickerDialog';
import { NewProjectDialog } from '../areas/project/NewProjectDialog';
import { OpenProjectDialog } from '../areas/project/OpenProjectDialog';
import { formatKeybinding, isMacPlatform } from '../commands/keybinding';
import { keybindingsOf } from '../commands/command';
import { Modal } from '../components/Modal';
import { useApp, useAppStore } from '../store';
import { useWorkbench } from '../workbench-context';

export function Dialogs() {
  const dialog = useApp((s) => s.dialog);
  switch (dialog) {
    case 'newProject':
      return <NewProjectDialog />;
    case 'openProject':
      return <OpenProjectDialog />;
    case 'boardPicker':
      return <BoardPickerDialog />;
    case 'about':
      return <AboutDialog />;
    case 'shortcuts':
      return <ShortcutsDialog />;
    default:
      return null;
  }
}

function AboutDialog() {
  const store = useAppStore();
  const host = useApp((s) => s.hostKind);
  const close = () => store.getState().closeDialog();
  return (
    <Modal title="About TinyML Studio" onClose={close} width={440} footer={<button className="btn btn-primary" onClick={close}>OK</button>}>
      <p>
        <strong>TinyML Studio</strong> — import or design a model, quantize it, see its graph and memory map, compile it to standalone C, build and
        flash it, and watch it run.
      </p>
      <p className="muted">Running in the {host === 'electron' ? 'desktop app' : 'browser, served by the local web host'}. Licensed under Apache-2.0.</p>
    </Modal>
  );
}

function ShortcutsDialog() {
  const store = useAppStore();
  const { commands } = useWorkbench();
  const mac = isMacPlatform();
  const bound = commands
    .all()
    .filter((c) => c.keybinding)
    .sort((a, b) => a.category.localeCompare(b.category) || a.title.localeCompare(b.title));
  return (
    <Modal title="Keyboard Shortcuts" onClose={() => store.getState().closeDialog()} width={520}>
      <table className="data-table">
        <tbody>
          {bound.map((c) => (
            <tr key={c.id}>
              <td>
                {c.category}: {c.title}
              </td>
              <td className="num">
                {keybindingsOf(c).map((kb, i) => (
                  <span key={kb}>
                    {i > 0 && ' '}
                    <kbd>{formatKeybinding(kb, mac)}</kbd>
                  </span>
                ))}
                {c.keybindingInAreaOnly && c.area && <span className="muted"> in {c.area}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
