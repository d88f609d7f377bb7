// `tinyml doctor`: which toolchains and programmers are installed, and how to install the missing ones.
import type { DoctorReport, ToolStatus } from '../../../shared/api/doctor-service';
import { jsonDocument, parseCommandArgs } from '../args';
import type { CliCommand } from '../command';

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'Check the installed toolchains and programmers (gcc, QEMU, openocd, …)',
  help: `Usage: tinyml doctor [--json]

Looks for every external tool TinyML Studio can use, prints its version and path,
and for each missing one the command that installs it on this platform.

Options:
  --json   print the report as one JSON document:
           { checkedAt, platform, tools: [{ id, name, found, path, version, purpose,
             note?, install: { debian, macos, windows }, required }] }

Exit code: 0 when every required tool (arm-none-eabi-gcc, qemu-system-arm) is found,
1 when a required tool is missing (the report is printed either way).
`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('doctor', args, { json: { type: 'boolean' } }, { max: 0 });
    const report = await ctx.app().services.doctor.check({ refresh: true });
    if (values.json) ctx.io.out(jsonDocument(report));
    else ctx.io.out(formatReport(report));
    return report.tools.some((t) => t.required && !t.found) ? 1 : 0;
  },
};

function installFor(t: ToolStatus, platform: string): string {
  if (platform.startsWith('win32')) return t.install.windows;
  if (platform.startsWith('darwin')) return t.install.macos;
  return t.install.debian;
}

export function formatReport(report: DoctorReport): string {
  const idWidth = Math.max(...report.tools.map((t) => t.id.length));
  const verWidth = Math.max(9, ...report.tools.map((t) => (t.version ?? '').length));
  const lines = [`TinyML Studio doctor (${report.platform})`, ''];
  for (const t of report.tools) {
    const mark = t.found ? 'ok ' : t.required ? 'MISSING' : '-- ';
    const status = t.found ? (t.version ?? '(version?)') : 'not found';
    lines.push(`  ${mark.padEnd(7)} ${t.id.padEnd(idWidth)}  ${status.padEnd(verWidth)}  ${t.found ? t.path : `${t.required ? 'required' : 'optional'}: ${t.purpose}`}`);
    if (t.note) lines.push(`          note: ${t.note}`);
    if (!t.found) lines.push(`          install: ${installFor(t, report.platform)}`);
  }
  const missing = report.tools.filter((t) => t.required && !t.found);
  lines.push('');
  lines.push(
    missing.length
      ? `Missing required tools: ${missing.map((t) => t.id).join(', ')}. Install them with the commands above (on Debian/Ubuntu as root: scripts/setup-toolchains.sh).`
      : 'All required tools are installed.',
  );
  return `${lines.join('\n')}\n`;
}
