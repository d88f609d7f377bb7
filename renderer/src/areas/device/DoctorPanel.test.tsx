// @vitest-environment happy-dom
// The toolchain doctor opens on the install commands of the OS the back end runs on. The report names the
// platform as `${process.platform}-${arch}` (what DoctorServiceImpl sends), so the panel must read the OS part.
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { Api } from '../../../../shared/api/api';
import type { DoctorReport } from '../../../../shared/api/doctor-service';
import { reactRootPerTest } from '../../components/react-test-root';
import { createAppStore, StoreProvider } from '../../store';
import { DoctorPanel, osForPlatform } from './DoctorPanel';

const dom = reactRootPerTest();

function report(platform: string): DoctorReport {
  return {
    checkedAt: '2026-12-06T12:00:00.000Z',
    platform,
    tools: [
      {
        id: 'openocd',
        name: 'OpenOCD',
        found: false,
        path: null,
        version: null,
        purpose: 'Flashes boards through probes.',
        required: false,
        install: { debian: 'DEBIAN-CMD openocd', macos: 'MACOS-CMD open-ocd', windows: 'WINDOWS-CMD openocd' },
      },
    ],
  };
}

async function render(platform: string) {
  const api = { doctor: { check: async () => report(platform) } } as unknown as Api;
  const store = createAppStore({ api });
  await act(async () => {
    dom.root.render(
      <StoreProvider store={store}>
        <DoctorPanel />
      </StoreProvider>,
    );
    await new Promise((r) => setTimeout(r, 10));
  });
  const selected = dom.host.querySelector('[role="tab"][aria-selected="true"]')?.textContent;
  const command = dom.host.querySelector('tr[data-tool="openocd"] .install-cmd code')?.textContent;
  return { selected, command };
}

describe('DoctorPanel', () => {
  it('opens on the macOS commands for a darwin-arm64 back end', async () => {
    expect(await render('darwin-arm64')).toEqual({ selected: 'macOS', command: 'MACOS-CMD open-ocd' });
  });

  it('opens on the Windows commands for a win32-x64 back end', async () => {
    expect(await render('win32-x64')).toEqual({ selected: 'Windows', command: 'WINDOWS-CMD openocd' });
  });

  it('opens on the Debian commands for a linux-x64 back end', async () => {
    expect(await render('linux-x64')).toEqual({ selected: 'Debian / Ubuntu', command: 'DEBIAN-CMD openocd' });
  });

  it('maps bare platform names and unknown ones too', () => {
    expect(osForPlatform('darwin')).toBe('macos');
    expect(osForPlatform('win32-arm64')).toBe('windows');
    expect(osForPlatform('freebsd-x64')).toBe('debian');
    expect(osForPlatform(undefined)).toBe('debian');
  });
});
