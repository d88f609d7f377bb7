// What the firmware occupies, from the linked ELF (section sizes, symbols) and the linker map (which object file
// each input section came from), grouped the way an ML engineer thinks about it: model weights, model code and
// parameters, kernels, runtime (startup, board, telemetry, app), C library, and the activation arena.
import type { SizeReportData } from '../../../shared/api/build-service';
import type { Board } from '../../../shared/boards/board';
import type { ElfImage } from '../flash/elf';

export type SizeGroup = 'weights' | 'model' | 'kernels' | 'runtime' | 'libc' | 'arena' | 'stack' | 'other';

export interface SizeGroupRow {
  group: SizeGroup;
  flash: number;
  ram: number;
}

export interface SymbolRow {
  name: string;
  size: number;
  /** 'flash' for code and constants, 'ram' for .data/.bss. */
  region: 'flash' | 'ram';
  group: SizeGroup;
}

/** The API's size report (fields documented there), with the group names typed. */
export interface SizeReport extends SizeReportData {
  groups: SizeGroupRow[];
  /** Largest symbols first (at most 60). */
  symbols: SymbolRow[];
}

const STACK_RESERVE = 0x1000; // _min_stack in firmware-templates/runtime/cortex_m_sections.ld

const SHF_ALLOC = 0x2;
const SHF_EXECINSTR = 0x4;
const SHF_WRITE = 0x1;
const SHT_NOBITS = 8;
const STT_OBJECT = 1;
const STT_FUNC = 2;

/** Which group an object file (as the linker map names it) belongs to. */
export function groupOfObject(obj: string): SizeGroup {
  const base = obj.replace(/\\/g, '/').split('/').pop() ?? obj;
  if (/\.a\(|lib(c|m|g|gcc|nosys|c_nano)/.test(obj)) return 'libc';
  if (base === 'model_data.o') return 'weights';
  if (base === 'model.o') return 'model';
  if (base.startsWith('kernels__')) return 'kernels';
  if (/^(runtime__|board__|main\.o|app\.o)/.test(base)) return 'runtime';
  return 'other';
}

function groupOfSymbol(name: string): SizeGroup {
  if (name === 'tml_arena') return 'arena';
  if (/^tml_l\d+_/.test(name)) return 'weights';
  if (/^tml_model_/.test(name)) return 'model';
  if (/^tml_(?!tm_)/.test(name)) return 'kernels';
  if (/^(tml_tm_|board_|port_|cycles_|main$|Reset_Handler|Default_Handler|g_vectors|tml_app_)/.test(name)) return 'runtime';
  return 'other';
}

/** Input sections from a GNU ld map: (output section, size, object) for each allocated input section. */
export function parseMapInputSections(map: string): { section: string; size: number; object: string }[] {
  const rows: { section: string; size: number; object: string }[] = [];
  const start = map.indexOf('Linker script and memory map');
  const lines = (start >= 0 ? map.slice(start) : map).split(/\r?\n/);
  let pendingName: string | null = null;
  for (const line of lines) {
    // " .text.foo      0x08000100       0x20 build/obj/foo.o"  or the name alone, with the rest on the next line.
    let m = /^ (\.[^\s]+)\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(.+)$/.exec(line);
    if (m) {
      rows.push({ section: m[1], size: parseInt(m[3], 16), object: m[4].trim() });
      pendingName = null;
      continue;
    }
    if (pendingName) {
      m = /^\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(.+)$/.exec(line);
      if (m) rows.push({ section: pendingName, size: parseInt(m[2], 16), object: m[3].trim() });
      pendingName = null;
      continue;
    }
    m = /^ (\.[^\s]+)$/.exec(line);
    if (m) pendingName = m[1];
  }
  // Discarded sections are listed before the memory map; COMMON/fill lines are not objects.
  return rows.filter((r) => r.size > 0 && !/^\*fill\*/.test(r.object) && !/load address/.test(r.object));
}

export function sizeReport(elf: ElfImage, map: string | null, board: Board, arenaBytes: number): SizeReport {
  let text = 0;
  let data = 0;
  let bss = 0;
  for (const s of elf.sections) {
    if (!(s.flags & SHF_ALLOC) || s.size === 0) continue;
    if (s.type === SHT_NOBITS) bss += s.size;
    else if (s.flags & SHF_WRITE) data += s.size;
    else text += s.size;
  }
  const groups = new Map<SizeGroup, SizeGroupRow>();
  const add = (group: SizeGroup, flash: number, ram: number) => {
    const row = groups.get(group) ?? { group, flash: 0, ram: 0 };
    row.flash += flash;
    row.ram += ram;
    groups.set(group, row);
  };
  const arenaSym = elf.symbols.find((s) => s.name === 'tml_arena');
  if (map) {
    for (const r of parseMapInputSections(map)) {
      const isBss = /^\.(bss|sbss)|COMMON/.test(r.section);
      const isData = /^\.data/.test(r.section);
      const g = r.section.startsWith('.bss.tml_arena') || (r.section === '.bss' && false) ? 'arena' : groupOfObject(r.object);
      if (isBss) add(g, 0, r.size);
      else if (isData) add(g, r.size, r.size);
      else if (/^\.(text|rodata|isr_vector|ARM)/.test(r.section)) add(g, r.size, 0);
    }
    // The arena may sit in model.o's plain .bss (no -fdata-sections name): move it to its own group.
    const model = groups.get('model');
    const arenaInGroups = groups.get('arena')?.ram ?? 0;
    if (arenaSym && arenaInGroups === 0 && model && model.ram >= arenaSym.size) {
      model.ram -= arenaSym.size;
      add('arena', 0, arenaSym.size);
    }
  } else {
    for (const s of elf.symbols) {
      if (s.size === 0 || (s.type !== STT_FUNC && s.type !== STT_OBJECT)) continue;
      const sec = elf.sections[s.section];
      if (!sec) continue;
      const ram = !!(sec.flags & SHF_WRITE);
      add(groupOfSymbol(s.name), ram && sec.type === SHT_NOBITS ? 0 : s.size, ram ? s.size : 0);
    }
  }
  add('stack', 0, STACK_RESERVE);

  const symbols: SymbolRow[] = [];
  for (const s of elf.symbols) {
    if (s.size === 0 || (s.type !== STT_FUNC && s.type !== STT_OBJECT)) continue;
    const sec = elf.sections[s.section];
    if (!sec || !(sec.flags & SHF_ALLOC)) continue;
    const ram = !!(sec.flags & SHF_WRITE) && !(sec.flags & SHF_EXECINSTR);
    symbols.push({ name: s.name, size: s.size, region: ram ? 'ram' : 'flash', group: groupOfSymbol(s.name) });
  }
  symbols.sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));

  const flashUsed = text + data;
  const ramUsed = data + bss + STACK_RESERVE;
  return {
    text, data, bss, flashUsed, flashTotal: board.flash.size, ramUsed, ramTotal: board.ram.size, stackReserve: STACK_RESERVE,
    arenaBytes: arenaSym?.size ?? arenaBytes,
    fits: flashUsed <= board.flash.size && ramUsed <= board.ram.size,
    groups: [...groups.values()].sort((a, b) => b.flash + b.ram - (a.flash + a.ram)),
    symbols: symbols.slice(0, 60),
  };
}

/** A plain-text table for the CLI and the build log. */
export function formatSizeReport(s: SizeReport): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const lines = [
    `flash ${kb(s.flashUsed)} of ${kb(s.flashTotal)} (${((100 * s.flashUsed) / s.flashTotal).toFixed(1)} %)   RAM ${kb(s.ramUsed)} of ${kb(s.ramTotal)} (${((100 * s.ramUsed) / s.ramTotal).toFixed(1)} %)   ${s.fits ? 'fits' : 'DOES NOT FIT'}`,
    `text ${s.text} B  data ${s.data} B  bss ${s.bss} B  (arena ${s.arenaBytes} B, stack reserve ${s.stackReserve} B)`,
    '',
    '  group        flash B      RAM B',
    ...s.groups.map((g) => `  ${g.group.padEnd(10)} ${String(g.flash).padStart(9)} ${String(g.ram).padStart(10)}`),
  ];
  return lines.join('\n');
}
