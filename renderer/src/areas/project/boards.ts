// The boards a project can target, as the pickers show them: a view of the shared catalogue.
import type { Board } from '../../../../shared/boards/board';
import { BOARDS } from '../../../../shared/boards/catalog';

export interface BoardChoice {
  id: string;
  name: string;
  mcu: string;
  /** "Cortex-M4F" style: core plus whether it has an FPU. */
  core: string;
  clockMHz: number;
  flashKiB: number;
  /** The main SRAM the planner budgets with. */
  ramKiB: number;
  /** Emulated in QEMU: no hardware needed. */
  virtual: boolean;
}

function coreLabel(b: Board): string {
  const core = b.core.replace('cortex-', 'Cortex-').replace(/-m(\d+)plus$/i, '-M$1+').replace(/-m(\d+)$/i, '-M$1');
  return b.fpu === 'none' ? core : `${core}F`;
}

export const BOARD_CHOICES: readonly BoardChoice[] = BOARDS.map((b) => ({
  id: b.id,
  name: b.name,
  mcu: b.mcu,
  core: coreLabel(b),
  clockMHz: Math.round(b.clockHz / 1e6),
  flashKiB: Math.round(b.flash.size / 1024),
  ramKiB: Math.round(b.ram.size / 1024),
  virtual: b.virtual,
}));

export function boardName(id: string | null | undefined): string {
  if (!id) return 'No board';
  return BOARD_CHOICES.find((b) => b.id === id)?.name ?? id;
}
