// The host end of a telemetry session over any byte stream (a serial port, QEMU's UART socket): decodes what
// the device sends, passes text lines on to the serial monitor, and runs inferences on the device by streaming
// inputs in acknowledged chunks (a UART without flow control must never be overrun) and collecting RESULTs.
// A lost or corrupted frame costs one retry of that inference, not the session.
import { ApiError } from '../../../shared/api/errors';
import { FrameEncoder, TelemetryDecoder, type DecodedItem, type DecoderStats } from '../../../shared/protocol/decoder';
import { isDeviceInputId, type Ack, type ErrorMsg, type Hello, type Message, type Result } from '../../../shared/protocol/messages';
import type { ByteStream } from './byte-stream';

/** An inference the device ran by itself and reported unasked (input id with DEVICE_INPUT_ID set). */
export interface DeviceResult {
  inputId: number;
  outputs: Uint8Array[];
  cycles: number;
}

export interface InferenceResult {
  inputId: number;
  outputs: Uint8Array[];
  cycles: number;
  /** Host wall-clock from the first chunk sent to the last RESULT received. */
  roundTripMs: number;
  retries: number;
}

type Listener<T> = (v: T) => void;

export class TelemetryLink {
  private readonly decoder = new TelemetryDecoder();
  private readonly encoder = new FrameEncoder();
  private nextInputId = 1;
  private pending: { pred: (m: Message) => boolean; resolve: (m: Message) => void; reject: (e: Error) => void }[] = [];
  private closed: Error | null = null;
  private busy: Promise<unknown> = Promise.resolve();
  private readonly listeners = { text: new Set<Listener<string>>(), message: new Set<Listener<Message>>(), reset: new Set<Listener<void>>(), close: new Set<Listener<Error | undefined>>(), bytes: new Set<Listener<Uint8Array>>(), deviceResult: new Set<Listener<DeviceResult>>() };
  /** Device-initiated results being reassembled from their RESULT chunks, by input id. */
  private deviceParts = new Map<number, { outputs: (Uint8Array | null)[]; received: number[]; cycles: number }>();
  hello: Hello | null = null;
  /** Set while an inference attempt runs: fails it at once so it is retried without waiting for a timeout. */
  private abortAttempt: ((e: ApiError) => void) | null = null;

  constructor(
    private readonly stream: ByteStream,
    private readonly options: { chunk?: number; timeoutMs?: number; retries?: number } = {},
  ) {
    stream.onData((d) => {
      this.listeners.bytes.forEach((l) => l(d));
      for (const item of this.decoder.push(d)) this.onItem(item);
    });
    stream.onClose((err) => {
      this.closed = new ApiError('DEVICE_ERROR', `The connection to the board closed${err ? `: ${err.message}` : ''}.`, 'The board was unplugged, reset or stopped. Reconnect it in the Device area; the session resumes.');
      this.pending.splice(0).forEach((p) => p.reject(this.closed!));
      this.listeners.close.forEach((l) => l(err));
    });
  }

  get stats(): DecoderStats {
    return this.decoder.stats;
  }

  onText(l: Listener<string>) {
    this.listeners.text.add(l);
    return { dispose: () => this.listeners.text.delete(l) };
  }
  onMessage(l: Listener<Message>) {
    this.listeners.message.add(l);
    return { dispose: () => this.listeners.message.delete(l) };
  }
  onReset(l: Listener<void>) {
    this.listeners.reset.add(l);
    return { dispose: () => this.listeners.reset.delete(l) };
  }
  onClose(l: Listener<Error | undefined>) {
    this.listeners.close.add(l);
    return { dispose: () => this.listeners.close.delete(l) };
  }
  /** Complete results of inferences the device ran on its own input (every output, all chunks). */
  onDeviceResult(l: Listener<DeviceResult>) {
    this.listeners.deviceResult.add(l);
    return { dispose: () => this.listeners.deviceResult.delete(l) };
  }
  /** Raw bytes as they arrive (for byte-rate figures and raw logging). */
  onBytes(l: Listener<Uint8Array>) {
    this.listeners.bytes.add(l);
    return { dispose: () => this.listeners.bytes.delete(l) };
  }

  private onItem(item: DecodedItem) {
    if (item.kind === 'text') this.listeners.text.forEach((l) => l(item.line));
    else if (item.kind === 'reset') {
      this.listeners.reset.forEach((l) => l());
      // An inference in flight will never complete: fail it now so it can be retried.
      const err = new ApiError('DEVICE_ERROR', 'The board reset during an inference.', 'It is retried automatically; if it keeps resetting, the model may overflow the stack or arena.');
      this.pending.splice(0).forEach((p) => p.reject(err));
      this.abortAttempt?.(err);
    } else if (item.kind === 'corrupt') {
      // A damaged block mid-inference is most likely the ACK or RESULT we are waiting for: retry now.
      this.abortAttempt?.(new ApiError('DEVICE_ERROR', `A frame from the board was damaged (${item.reason}).`, 'It is retried automatically.'));
    } else if (item.kind === 'message') {
      const m = item.message;
      if (m.type === 'ERROR' && m.code === 1) {
        // The board NAKs a frame of ours that arrived damaged: resend the inference from its first chunk.
        this.abortAttempt?.(new ApiError('DEVICE_ERROR', 'The board received a damaged frame.', 'It is retried automatically.'));
      }
      if (m.type === 'HELLO') {
        this.hello = m;
        this.deviceParts.clear(); // a reboot restarts the device's numbering
      }
      if (m.type === 'RESULT' && isDeviceInputId(m.inputId)) this.collectDeviceResult(m);
      if (m.type === 'LOG') this.listeners.text.forEach((l) => l(`[device] ${m.text}`));
      this.listeners.message.forEach((l) => l(m));
      const i = this.pending.findIndex((p) => p.pred(m));
      if (i >= 0) this.pending.splice(i, 1)[0].resolve(m);
    }
  }

  private collectDeviceResult(r: Result) {
    const numOutputs = this.hello?.outputs ?? r.outputIndex + 1;
    if (r.outputIndex >= numOutputs) return;
    let p = this.deviceParts.get(r.inputId);
    if (!p) {
      p = { outputs: new Array(numOutputs).fill(null), received: new Array(numOutputs).fill(0), cycles: r.cycles };
      this.deviceParts.set(r.inputId, p);
      // Chunks of a result whose other chunks were lost never complete: keep only the newest few.
      if (this.deviceParts.size > 8) this.deviceParts.delete(this.deviceParts.keys().next().value!);
    }
    const out = (p.outputs[r.outputIndex] ??= new Uint8Array(r.total));
    if (out.length !== r.total || r.offset + r.data.length > r.total) return;
    out.set(r.data, r.offset);
    p.received[r.outputIndex] += r.data.length;
    if (p.outputs.every((o, k) => o && p.received[k] >= o.length)) {
      this.deviceParts.delete(r.inputId);
      const done: DeviceResult = { inputId: r.inputId, outputs: p.outputs as Uint8Array[], cycles: p.cycles };
      this.listeners.deviceResult.forEach((l) => l(done));
    }
  }

  private waitFor<T extends Message>(pred: (m: Message) => boolean, what: string, timeoutMs = this.options.timeoutMs ?? 5000): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise<T>((resolve, reject) => {
      const entry = {
        pred,
        resolve: (m: Message) => {
          clearTimeout(timer);
          resolve(m as T);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.pending = this.pending.filter((p) => p !== entry);
        reject(new ApiError('DEVICE_ERROR', `The board did not answer (${what}) within ${(timeoutMs / 1000).toFixed(1)} s.`, 'Check that the board runs TinyML Studio firmware for this model (flash it again) and that the baud rate matches.'));
      }, timeoutMs);
      this.pending.push(entry);
    });
  }

  send(m: Message): void {
    if (this.closed) throw this.closed;
    this.stream.write(this.encoder.encode(m));
  }

  /** Writes raw bytes (the serial monitor's "send" box). */
  writeRaw(data: Uint8Array): void {
    if (this.closed) throw this.closed;
    this.stream.write(data);
  }

  async requestHello(timeoutMs = 3000): Promise<Hello> {
    this.send({ type: 'HELLO_REQ' });
    return this.waitFor<Hello>((m) => m.type === 'HELLO', 'HELLO', timeoutMs);
  }

  /** Runs one inference on the device. Serialised: one at a time per link. */
  infer(inputs: Uint8Array[], numOutputs: number, signal?: AbortSignal): Promise<InferenceResult> {
    const run = this.busy.then(() => this.inferWithRetries(inputs, numOutputs, signal));
    this.busy = run.catch(() => undefined);
    return run;
  }

  private async inferWithRetries(inputs: Uint8Array[], numOutputs: number, signal?: AbortSignal): Promise<InferenceResult> {
    const maxRetries = this.options.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw Object.assign(new Error('Cancelled.'), { name: 'AbortError' });
      try {
        const r = await this.inferOnce(inputs, numOutputs);
        return { ...r, retries: attempt };
      } catch (e) {
        if (this.closed || attempt >= maxRetries || !(e instanceof ApiError) || e.code !== 'DEVICE_ERROR') throw e;
        // A lost ACK/RESULT or a reset: start this inference again from its first chunk, after a pause that lets
        // whatever the board is still sending drain (a UART without flow control must not be written into then).
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  private async inferOnce(inputs: Uint8Array[], numOutputs: number): Promise<Omit<InferenceResult, 'retries'>> {
    const id = this.nextInputId++ >>> 0;
    const chunk = Math.min(this.options.chunk ?? 256, this.hello?.maxChunk ?? 256);
    const t0 = performance.now();
    const outputs: (Uint8Array | null)[] = new Array(numOutputs).fill(null);
    const received = new Array(numOutputs).fill(0);
    let cycles = 0;
    let resolveAll!: () => void;
    let rejectAll!: (e: Error) => void;
    const allDone = new Promise<void>((res, rej) => ((resolveAll = res), (rejectAll = rej)));
    allDone.catch(() => {}); // may settle before it is awaited (an ERROR during the chunks); awaited below
    this.abortAttempt = (e) => {
      this.pending.splice(0).forEach((p) => p.reject(e));
      rejectAll(e);
    };
    const sub = this.onMessage((m) => {
      if (m.type === 'ERROR' && m.inputId === id) rejectAll(new ApiError('DEVICE_ERROR', `The board rejected the input: ${m.text} (error ${m.code}).`, m.code === 2 ? 'The firmware on the board was built for another model: build and flash this model again.' : undefined));
      if (m.type !== 'RESULT' || m.inputId !== id) return;
      const r = m as Result;
      if (r.outputIndex >= numOutputs) return;
      outputs[r.outputIndex] ??= new Uint8Array(r.total);
      outputs[r.outputIndex]!.set(r.data.subarray(0, Math.max(0, r.total - r.offset)), r.offset);
      received[r.outputIndex] += r.data.length;
      cycles = r.cycles;
      if (received.every((n, k) => outputs[k] && n >= outputs[k]!.length)) resolveAll();
    });
    try {
      for (let index = 0; index < inputs.length; index++) {
        const data = inputs[index];
        for (let offset = 0; offset < data.length || (offset === 0 && data.length === 0); offset += chunk) {
          const part = data.subarray(offset, Math.min(data.length, offset + chunk));
          const last = index === inputs.length - 1 && offset + part.length >= data.length;
          if (last) {
            const timeout = setTimeout(() => rejectAll(new ApiError('DEVICE_ERROR', `The board sent no result within ${((this.options.timeoutMs ?? 5000) * 4) / 1000} s.`, 'The model may be too slow at this clock or the board hung; reset it and try again.')), (this.options.timeoutMs ?? 5000) * 4);
            const closeSub = this.onClose(() => rejectAll(this.closed!));
            this.send({ type: 'INPUT', inputId: id, inputIndex: index, flags: 1, offset, total: data.length, data: part });
            try {
              await allDone;
            } finally {
              clearTimeout(timeout);
              closeSub.dispose();
            }
          } else {
            // Sending before registering the wait is safe: no reply can be processed before we yield.
            this.send({ type: 'INPUT', inputId: id, inputIndex: index, flags: 0, offset, total: data.length, data: part });
            const reply = await this.waitFor<Ack | ErrorMsg>((m) => (m.type === 'ACK' || m.type === 'ERROR') && m.inputId === id, `ACK of input ${index} chunk at ${offset}`);
            if (reply.type === 'ERROR') throw new ApiError('DEVICE_ERROR', `The board rejected the input: ${reply.text} (error ${reply.code}).`, reply.code === 2 ? 'The firmware on the board was built for another model: build and flash this model again.' : undefined);
          }
          if (data.length === 0) break;
        }
      }
      return { inputId: id, outputs: outputs as Uint8Array[], cycles, roundTripMs: performance.now() - t0 };
    } finally {
      sub.dispose();
      this.abortAttempt = null;
    }
  }

  close(): void {
    this.stream.close();
  }
}
