// Fault injection for a byte link (a UART, a pipe): tests and benchmarks of the telemetry link push every byte
// through this to show the protocol still delivers exact results when the wire flips, loses or adds bytes.
import { xorshift32Uniform } from '../util/seeded-random';

/**
 * With probability `rate` per byte, damage the wire: flip one bit of the byte, drop it, or insert a garbage
 * byte after it (each a third of `rate`). `rnd` is a uniform [0, 1) source; with rate 0 it is not consumed.
 */
export function injectWireFaults(data: Uint8Array, rate: number, rnd: () => number): Uint8Array {
  if (!rate) return data;
  const out: number[] = [];
  for (const b of data) {
    const r = rnd();
    if (r < rate / 3) out.push(b ^ (1 << Math.floor(rnd() * 8)));
    else if (r < (2 * rate) / 3) continue;
    else if (r < rate) out.push(b, Math.floor(rnd() * 256));
    else out.push(b);
  }
  return Uint8Array.from(out);
}

/**
 * A seeded injector for one link: every call draws from the same xorshift32 stream (so both directions of a
 * link, in whatever order they run, share it) and a given seed replays the same faults.
 */
export function wireFaults(rate: number, seed: number): (data: Uint8Array) => Uint8Array {
  const rnd = xorshift32Uniform(seed);
  return (data) => injectWireFaults(data, rate, rnd);
}
