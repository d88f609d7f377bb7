// The toolchain doctor: every external tool, whether it was found, its version and path, what it is for, and
// the command that installs it on the user's OS (copyable).
import { useEffect, useState } from 'react';
import { copyText } from '../../clipboard';
import { CheckIcon, CopyIcon, ErrorIcon, RefreshIcon, WarningIcon } from '../../components/icons';
import { useApp, useAppStore } from '../../store';

type OsTab = 'debian' | 'macos' | 'windows';
const OS_TABS: { id: OsTab; label: string }[] = [
  { id: 'debian', label: 'Debian / Ubuntu' },
  { id: 'macos', label: 'macOS' },
  { id: 'windows', label: 'Windows' },
];

/** The doctor reports `${process.platform}-${arch}` (e.g. darwin-arm64, win32-x64); the OS is the part before the dash. */
export function osForPlatform(platform: string | undefined): OsTab {
  const os = platform?.split('-')[0];
  if (os === 'darwin') return 'macos';
  if (os === 'win32') return 'windows';
  return 'debian';
}

export function DoctorPanel() {
  const store = useAppStore();
  const report = useApp((s) => s.doctor);
  const checking = useApp((s) => s.doctorChecking);
  const [os, setOs] = useState<OsTab | null>(null);
  const activeOs = os ?? osForPlatform(report?.platform);

  useEffect(() => {
    const s = store.getState();
    if (!s.doctor && !s.doctorChecking) void s.checkToolchains();
  }, [store]);

  async function copy(text: string) {
    try {
      await copyText(text);
      store.getState().notify({ kind: 'success', message: 'Install command copied.' });
    } catch (e) {
      store.getState().notifyError(e, 'Could not copy');
    }
  }

  const missing = report?.tools.filter((t) => !t.found) ?? [];
  const missingCmds = missing.map((t) => t.install[activeOs]).filter(Boolean);

  return (
    <section className="card doctor" aria-label="Toolchain doctor">
      <div className="card-title-row">
        <h3 className="card-title">Toolchains</h3>
        <span className="muted doctor-summary">
          {report
            ? missing.length === 0
              ? `All ${report.tools.length} tools found`
              : `${report.tools.length - missing.length} of ${report.tools.length} tools found`
            : checking
              ? 'Checking…'
              : 'Not checked yet'}
          {report && <> · checked {new Date(report.checkedAt).toLocaleTimeString()}</>}
        </span>
        <div className="tabs os-tabs" role="tablist" aria-label="Install commands for">
          {OS_TABS.map((t) => (
            <button key={t.id} role="tab" aria-selected={activeOs === t.id} className={activeOs === t.id ? 'tab active' : 'tab'} onClick={() => setOs(t.id)}>
              {t.label}
            </button>
          ))}
        </div>
        <button className="btn" onClick={() => store.getState().checkToolchains(true)} disabled={checking} title={checking ? 'Checking the toolchains…' : 'Look for the toolchains again'}>
          <RefreshIcon size={14} className={checking ? 'spin' : ''} /> {checking ? 'Checking…' : 'Re-check'}
        </button>
      </div>
      {report ? (
        <table className="data-table doctor-table">
          <thead>
            <tr>
              <th className="status-col" aria-label="Found" />
              <th>Tool</th>
              <th>Version</th>
              <th>Purpose</th>
              <th>Path / install</th>
            </tr>
          </thead>
          <tbody>
            {report.tools.map((t) => (
              <tr key={t.id} data-tool={t.id} className={t.found ? 'tool-found' : 'tool-missing'}>
                <td className="status-col">
                  {t.found ? (
                    <CheckIcon size={16} className="ok" aria-label="found" />
                  ) : t.required ? (
                    <ErrorIcon size={16} className="err" aria-label="missing (required)" />
                  ) : (
                    <WarningIcon size={16} className="warn" aria-label="missing (optional)" />
                  )}
                </td>
                <td>
                  <span className="tool-name">{t.name}</span>
                  {t.required && <span className="tag">required</span>}
                </td>
                <td className="tool-version">{t.version ?? (t.found ? 'unknown' : '—')}</td>
                <td>
                  {t.purpose}
                  {t.note && <div className="muted small">{t.note}</div>}
                </td>
                <td className="tool-path">
                  {t.found ? (
                    <code title={t.path ?? ''}>{t.path}</code>
                  ) : (
                    <div className="install-cmd">
                      <code>{t.install[activeOs]}</code>
                      <button className="icon-btn" title="Copy install command" aria-label={`Copy install command for ${t.name}`} onClick={() => copy(t.install[activeOs])}>
                        <CopyIcon size={14} />
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{checking ? 'Looking for compilers, QEMU and programmers…' : 'The check failed; see the notification, then press Re-check.'}</p>
      )}
      {missingCmds.length > 1 && (
        <div className="install-all">
          <span>Install everything missing:</span>
          <code>{missingCmds.join(' && ')}</code>
          <button className="btn" onClick={() => copy(missingCmds.join(' && '))}>
            <CopyIcon size={14} /> Copy
          </button>
        </div>
      )}
    </section>
  );
}
