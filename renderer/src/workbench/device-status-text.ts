// The status bar's device item as text: which board, its link state and the inference rate. Pure, so the
// wording is unit-tested without a browser.
import type { DeviceInfoData, DeviceStatus } from '../../../shared/api/device-service';
import { findBoard } from '../../../shared/boards/catalog';

export interface DeviceStatusView {
  text: string;
  /** 'lost' when the link went away on its own or failed: the item turns red. */
  tone: 'idle' | 'busy' | 'ok' | 'lost';
  title: string;
}

/** "Virtual STM32F4" for the virtual board (its catalog name without the QEMU remark), else the port path. */
export function deviceName(deviceId: string, devices: readonly DeviceInfoData[]): string {
  const d = devices.find((x) => x.id === deviceId);
  if (deviceId.startsWith('virtual:') || d?.kind === 'virtual') {
    const board = findBoard(d?.boardIds[0] ?? deviceId.slice('virtual:'.length));
    return board ? board.name.replace(/\s*\(.*\)\s*$/, '') : 'Virtual board';
  }
  return d?.path ?? deviceId;
}

/** Inferences per second over the results that arrived in the last `windowMs` (0 when fewer than 2). */
export function inferenceRate(times: readonly number[], now: number, windowMs = 3000): number {
  const recent = times.filter((t) => t > now - windowMs);
  if (recent.length < 2) return 0;
  const span = (recent[recent.length - 1] - recent[0]) / 1000;
  return span > 0 ? (recent.length - 1) / span : 0;
}

export function deviceStatusView(status: DeviceStatus | null, devices: readonly DeviceInfoData[], fps: number): DeviceStatusView {
  if (!status || (status.state === 'disconnected' && !status.lost)) {
    return { text: 'No device', tone: 'idle', title: 'No board connected. Click to open the Device area: flash the virtual board or connect one.' };
  }
  const name = status.deviceId ? deviceName(status.deviceId, devices) : 'Device';
  switch (status.state) {
    case 'connected': {
      const rate = fps > 0 ? ` · ${fps >= 10 ? Math.round(fps) : fps.toFixed(1)} fps` : '';
      return { text: `${name} · connected${rate}`, tone: 'ok', title: `${status.message} Click to open the Device area.` };
    }
    case 'connecting':
      return { text: `${name} · connecting…`, tone: 'busy', title: status.message };
    case 'flashing':
      return { text: `${name} · flashing…`, tone: 'busy', title: status.message };
    case 'error':
      return { text: `${name} · error`, tone: 'lost', title: `${status.message} Click to open the Device area.` };
    case 'disconnected':
      // Only reached when lost: the link closed without the user asking.
      return { text: 'Device · connection lost', tone: 'lost', title: `${status.message} Click to open the Device area and reconnect.` };
  }
}
