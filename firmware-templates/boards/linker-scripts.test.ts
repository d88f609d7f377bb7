// Each board's linker script must declare the flash and RAM the catalogue budgets with (shared/boards).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOARDS } from '../../shared/boards/catalog';

function memory(ld: string, region: string): { origin: number; size: number } {
  const m = new RegExp(`${region}\\s*\\([a-z]+\\)\\s*:\\s*ORIGIN\\s*=\\s*(0x[0-9A-Fa-f]+)\\s*,\\s*LENGTH\\s*=\\s*(\\d+)K`).exec(ld);
  if (!m) throw new Error(`no ${region} region`);
  return { origin: Number(m[1]), size: Number(m[2]) * 1024 };
}

describe('linker scripts match the board catalogue', () => {
  const withFirmware = BOARDS.filter((b) => b.firmwareBoard);
  it.each(withFirmware.map((b) => [b.id, b] as const))('%s', (_id, b) => {
    const ld = readFileSync(path.join(__dirname, b.firmwareBoard!, `${b.mcu.toLowerCase()}.ld`), 'utf8');
    expect(memory(ld, 'FLASH')).toEqual(b.flash);
    expect(memory(ld, 'RAM')).toEqual(b.ram);
    expect(ld).toContain('INCLUDE cortex_m_sections.ld');
  });
});
