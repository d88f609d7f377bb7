// Choose the project's target board. The status bar's board item opens this.
import { useState } from 'react';
import { Modal } from '../../components/Modal';
import { useApp, useAppStore } from '../../store';
import { selectBoardId } from '../../store/selectors';
import { BOARD_CHOICES } from './boards';

export function BoardPickerDialog() {
  const store = useAppStore();
  const current = useApp(selectBoardId);
  const [filter, setFilter] = useState('');
  const close = () => store.getState().closeDialog();
  const f = filter.trim().toLowerCase();
  const boards = BOARD_CHOICES.filter((b) => !f || `${b.name} ${b.mcu} ${b.core} ${b.id}`.toLowerCase().includes(f));

  async function pick(id: string) {
    if (id === current) return close();
    if (await store.getState().setBoard(id)) {
      close();
      store.getState().notify({ kind: 'success', message: `Target board: ${BOARD_CHOICES.find((b) => b.id === id)?.name ?? id}.` });
    }
  }

  return (
    <Modal title="Select Target Board" onClose={close} width={600}>
      <input className="board-filter" placeholder="Filter boards by name or core…" aria-label="Filter boards" value={filter} onChange={(e) => setFilter(e.target.value)} data-autofocus />
      <table className="data-table board-table">
        <thead>
          <tr>
            <th>Board</th>
            <th>MCU</th>
            <th>Core</th>
            <th className="num">Flash</th>
            <th className="num">RAM</th>
          </tr>
        </thead>
        <tbody>
          {boards.map((b) => (
            <tr key={b.id} className={b.id === current ? 'selected clickable' : 'clickable'} onClick={() => pick(b.id)} tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && pick(b.id)}>
              <td>
                {b.name} {b.virtual && <span className="tag tag-accent">no hardware</span>} {b.id === current && <span className="tag">current</span>}
              </td>
              <td>{b.mcu}</td>
              <td>
                {b.core} · {b.clockMHz} MHz
              </td>
              <td className="num">{b.flashKiB} KiB</td>
              <td className="num">{b.ramKiB} KiB</td>
            </tr>
          ))}
          {boards.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No board matches “{filter}”.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </Modal>
  );
}
