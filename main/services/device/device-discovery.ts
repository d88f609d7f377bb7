// Which boards are there: the serial ports the OS enumerates, recognised by USB VID/PID from the board
// catalogue; ports added by hand (a pty, a socket) that the OS does not list; and always the virtual board.
// Polls for plug/unplug and reports changes.
import { boardsForUsb, BOARDS } from '../../../shared/boards/catalog';
import type { PortInfo, SerialPorts } from './serial-ports';

export interface DeviceInfo {
  /** 'virtual:<board>' or the port path. */
  id: string;
  kind: 'virtual' | 'serial' | 'manual';
  label: string;
  path?: string;
  boardIds: string[];
  /** What the USB id says about the board's state. */
  mode?: 'sketch' | 'bootloader' | 'debug-probe';
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
}

function describePort(p: PortInfo): DeviceInfo {
  const boards = p.vendorId !== undefined && p.productId !== undefined ? boardsForUsb(p.vendorId, p.productId) : [];
  const usb = boards[0]?.usb.find((u) => u.vid === p.vendorId && u.pid === p.productId);
  const mode = usb ? (/bootloader/i.test(usb.description) ? 'bootloader' : /ST-?LINK/i.test(usb.description) ? 'debug-probe' : 'sketch') : undefined;
  const what = boards.length === 1 ? boards[0].name : boards.length > 1 ? `${usb?.description ?? 'board'} (${boards.length} possible boards)` : (p.manufacturer ?? 'serial port');
  return {
    id: p.path,
    kind: 'serial',
    label: `${what} — ${p.path}${mode === 'bootloader' ? ' (bootloader)' : ''}`,
    path: p.path,
    boardIds: boards.map((b) => b.id),
    mode,
    vendorId: p.vendorId,
    productId: p.productId,
    serialNumber: p.serialNumber,
  };
}

export class DeviceDiscovery {
  private manual = new Map<string, DeviceInfo>();
  private last: DeviceInfo[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly ports: SerialPorts,
    private readonly onChange: (devices: DeviceInfo[]) => void = () => {},
  ) {}

  /** Adds a port the OS does not enumerate (a pty, /dev/ttyS*, a tcp:host:port socket). */
  addManual(path: string, boardId?: string): DeviceInfo {
    const d: DeviceInfo = { id: path, kind: 'manual', label: `${path} (added by hand)`, path, boardIds: boardId ? [boardId] : [] };
    this.manual.set(path, d);
    return d;
  }

  removeManual(path: string): void {
    this.manual.delete(path);
  }

  async list(): Promise<DeviceInfo[]> {
    const virtual = BOARDS.filter((b) => b.virtual).map<DeviceInfo>((b) => ({ id: `virtual:${b.id}`, kind: 'virtual', label: `${b.name} (QEMU, no hardware needed)`, boardIds: [b.id] }));
    let system: DeviceInfo[] = [];
    try {
      system = (await this.ports.list()).map(describePort);
    } catch {
      // Enumeration can fail (no udev in a container): the virtual board and manual ports still work.
    }
    // Recognised boards first, then other ports.
    system.sort((a, b) => Number(b.boardIds.length > 0) - Number(a.boardIds.length > 0) || a.id.localeCompare(b.id));
    const manual = [...this.manual.values()].filter((m) => !system.some((s) => s.id === m.id));
    this.last = [...virtual, ...system, ...manual];
    return this.last;
  }

  /** Polls for plug/unplug; calls onChange when the set of devices changes. */
  watch(intervalMs = 1500): { dispose(): void } {
    const key = (ds: DeviceInfo[]) => ds.map((d) => `${d.id}|${d.productId ?? ''}`).join(',');
    let prev = key(this.last);
    this.timer = setInterval(async () => {
      const now = await this.list();
      const k = key(now);
      if (k !== prev) {
        prev = k;
        this.onChange(now);
      }
    }, intervalMs);
    this.timer.unref?.();
    return { dispose: () => this.dispose() };
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
