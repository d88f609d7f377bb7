// WAV clips for audio datasets: RIFF/WAVE with PCM 16-bit (format 1) or 32-bit float (format 3) samples.
// Multi-channel audio is mixed down to mono; values are scaled to -1..1.
export interface DecodedWav {
  sampleRate: number;
  /** Channels in the file (before the mono mix-down). */
  channels: number;
  samples: Float32Array;
}

export function decodeWav(bytes: Uint8Array): DecodedWav {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('Not a WAV file (no RIFF/WAVE header).');
  let pos = 12;
  let format = 0;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  let data: Uint8Array | null = null;
  while (pos + 8 <= bytes.length) {
    const id = tag(pos);
    const len = dv.getUint32(pos + 4, true);
    if (id === 'fmt ') {
      format = dv.getUint16(pos + 8, true);
      channels = dv.getUint16(pos + 10, true);
      sampleRate = dv.getUint32(pos + 12, true);
      bits = dv.getUint16(pos + 22, true);
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
      if (format === 0xfffe && len >= 26) format = dv.getUint16(pos + 32, true);
    } else if (id === 'data') data = bytes.subarray(pos + 8, Math.min(bytes.length, pos + 8 + len));
    pos += 8 + len + (len & 1);
  }
  if (!format || !data) throw new Error('WAV file has no fmt or data chunk.');
  const pcm16 = format === 1 && bits === 16;
  const f32 = format === 3 && bits === 32;
  if (!pcm16 && !f32) throw new Error(`WAV with format ${format} and ${bits}-bit samples is not supported; convert it to 16-bit PCM.`);
  const bytesPer = bits / 8;
  const frames = Math.floor(data.length / (bytesPer * channels));
  const samples = new Float32Array(frames);
  const ddv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      const o = (i * channels + c) * bytesPer;
      sum += pcm16 ? ddv.getInt16(o, true) / 32768 : ddv.getFloat32(o, true);
    }
    samples[i] = sum / channels;
  }
  return { sampleRate, channels, samples };
}

/** Fits a clip to exactly `length` samples: cut or zero-padded at the end. */
export function fitLength(samples: Float32Array, length: number): Float32Array {
  if (samples.length === length) return samples;
  const out = new Float32Array(length);
  out.set(samples.subarray(0, length));
  return out;
}
