// `tinyml monitor --port P [--baud N]`: the serial monitor in a terminal. Prints the board's text lines and
// every decoded telemetry frame; Ctrl-C ends it. `--port virtual --elf FILE` monitors a fresh virtual board.
import path from 'node:path';
import { userError } from '../../../shared/api/errors';
import type { Message } from '../../../shared/protocol/messages';
import { openSerialStream } from '../../services/device/serial-stream';
import { TelemetryLink } from '../../services/device/telemetry-link';
import { startVirtualBoard, type VirtualSession } from '../../services/device/virtual-board-session';
import { parseCommandArgs } from '../args';
import type { CliCommand } from '../command';

const HELP = `Usage:
  tinyml monitor --port P [--baud N] [--seconds S]
  tinyml monitor --port virtual --elf FILE.elf [--seconds S]

Prints text lines and decoded telemetry frames (HELLO, RESULT, LOG, ERROR) from a board.
Stops on Ctrl-C, or after --seconds. Default baud 115200.
`;

export function describeMessage(m: Message): string {
  switch (m.type) {
    case 'HELLO':
      return `HELLO board=${m.board} firmware=${m.firmware} clock=${m.clockHz}Hz arena=${m.arenaBytes}B model=0x${m.modelHash.toString(16).padStart(8, '0')} inputs=${m.inputs} outputs=${m.outputs} maxChunk=${m.maxChunk}`;
    case 'RESULT':
      return `RESULT input=${m.inputId} output=${m.outputIndex} ${m.dtype} [${m.offset}..${m.offset + m.data.length}) of ${m.total} cycles=${m.cycles}`;
    case 'ACK':
      return `ACK input=${m.inputId} received=${m.received}`;
    case 'ERROR':
      return `ERROR code=${m.code} input=${m.inputId} ${m.text}`;
    case 'LOG':
      return `LOG ${m.text}`;
    default:
      return m.type;
  }
}

export const monitorCommand: CliCommand = {
  name: 'monitor',
  summary: 'Print serial text and decoded telemetry frames from a board',
  help: HELP,
  async run(args, ctx) {
    const { values } = parseCommandArgs('monitor', args, { port: { type: 'string' }, baud: { type: 'string' }, elf: { type: 'string' }, seconds: { type: 'string' } }, { max: 0 });
    if (!values.port) throw userError('"tinyml monitor" needs --port.', 'e.g. --port /dev/ttyACM0, or --port virtual --elf build/firmware.elf.');
    const baud = values.baud ? Number(values.baud) : 115200;
    if (!Number.isInteger(baud) || baud <= 0) throw userError(`--baud must be a positive integer, not "${values.baud}".`);
    const controller = new AbortController();
    let session: VirtualSession | null = null;
    let link: TelemetryLink;
    if (values.port === 'virtual') {
      if (!values.elf) throw userError('--port virtual needs --elf FILE.elf (the firmware to run).', 'Build one with "tinyml build" first.');
      session = await startVirtualBoard({ elfPath: path.resolve(ctx.cwd, values.elf) }, { signal: controller.signal, progress: () => {}, log: () => {} });
      link = session.link;
      if (session.hello) ctx.io.out(`${describeMessage(session.hello)}\n`);
    } else {
      link = new TelemetryLink(await openSerialStream(values.port, baud));
    }
    link.onText((line) => ctx.io.out(`${line}\n`));
    link.onMessage((m) => {
      if (m.type !== 'LOG') ctx.io.out(`${describeMessage(m)}\n`);
    });
    link.onReset(() => ctx.io.err('-- the board reset --\n'));
    const closed = new Promise<void>((r) => link.onClose(() => r()));
    const stop = new Promise<void>((r) => {
      process.once('SIGINT', () => r());
      if (values.seconds) setTimeout(r, Number(values.seconds) * 1000).unref?.();
    });
    if (values.port !== 'virtual') link.requestHello(1500).catch(() => {});
    await Promise.race([closed, stop]);
    ctx.io.err(`frames ${link.stats.frames}, lost ${link.stats.lost}, corrupt ${link.stats.corrupt}\n`);
    if (session) await session.dispose();
    else link.close();
    return 0;
  },
};
