// @vitest-environment happy-dom
// The combined store, driven through its actions. The API collaborator is a small in-memory back end that
// behaves like the real project/doctor/jobs services for the calls used here (including their errors).
import { describe, expect, it } from 'vitest';
import type { Api } from '../../../shared/api/api';
import type { DoctorReport } from '../../../shared/api/doctor-service';
import { userError } from '../../../shared/api/errors';
import type { ProjectInfo } from '../../../shared/api/project-service';
import { newManifest } from '../../../shared/project/manifest';
import { createAppStore } from './index';
import { OUTPUT_CAPACITY } from './output-slice';
import {
  selectActiveJob,
  selectBoardId,
  selectErrorCount,
  selectOutputChannels,
  selectProjectName,
  selectToolchainHealth,
  selectVisibleOutput,
  selectWarningCount,
} from './selectors';
import { PANEL_MIN_HEIGHT } from './workbench-slice';

function memoryBackend() {
  const projects = new Map<string, ProjectInfo>();
  let current: ProjectInfo | null = null;
  const recent: { dir: string; name: string; openedAt: string }[] = [];
  const calls: string[] = [];
  const tools: DoctorReport['tools'] = [
    { id: 'arm-none-eabi-gcc', name: 'gcc', found: true, path: '/usr/bin/arm-none-eabi-gcc', version: '12.2.1', purpose: 'compile', install: { debian: 'apt', macos: 'brew', windows: 'winget' }, required: true },
    { id: 'openocd', name: 'OpenOCD', found: false, path: null, version: null, purpose: 'flash', install: { debian: 'apt', macos: 'brew', windows: 'winget' }, required: false },
  ];
  const setCurrent = (p: ProjectInfo) => {
    current = p;
    recent.unshift({ dir: p.dir, name: p.manifest.name, openedAt: new Date().toISOString() });
    return p;
  };
  const api = {
    project: {
      current: async () => current,
      recent: async () => [...recent],
      create: async (dir: string, name: string, board?: string) => {
        calls.push(`create ${dir}`);
        if (projects.has(dir)) throw userError(`${dir} already holds a project.`, 'Choose an empty folder.');
        const p = { dir, manifest: newManifest(name, board ?? 'virtual-stm32f4') };
        projects.set(dir, p);
        return setCurrent(p);
      },
      open: async (dir: string) => {
        const p = projects.get(dir);
        if (!p) throw userError(`No tinyml.json in ${dir}.`, 'Pick a folder that holds a TinyML Studio project.');
        return setCurrent(p);
      },
      openSample: async () => api.project.create('/home/u/sample', 'Sample: sine wave', 'virtual-stm32f4').catch(() => setCurrent(projects.get('/home/u/sample')!)),
      update: async (patch: { board?: string }) => {
        calls.push(`update ${JSON.stringify(patch)}`);
        current = { ...current!, manifest: { ...current!.manifest, ...patch } };
        return current;
      },
    },
    doctor: {
      check: async (opts?: { refresh?: boolean }) => {
        calls.push(`check ${opts?.refresh ? 'refresh' : 'cached'}`);
        return { checkedAt: new Date().toISOString(), platform: 'linux', tools };
      },
    },
    jobs: {
      list: async () => [],
      cancel: async (id: string) => {
        calls.push(`cancel ${id}`);
        return true;
      },
    },
  };
  return { api: api as unknown as Api, calls, tools };
}

const line = (text: string, channel = 'build', level: 'info' | 'warn' | 'error' = 'info') => ({ channel, level, text, time: '2025-01-01T10:00:00.000Z' });

describe('workbench slice', () => {
  it('switches areas, toggles the panel and keeps one overlay open at a time', () => {
    const store = createAppStore(memoryBackend());
    const s = store.getState;
    expect(s().activeArea).toBe('project');
    s().showArea('memory');
    expect(s().activeArea).toBe('memory');
    s().togglePanel();
    expect(s().panelVisible).toBe(false);
    s().showPanel('problems');
    expect([s().panelVisible, s().panelTab]).toEqual([true, 'problems']);
    s().openPalette();
    s().openDialog('boardPicker');
    expect([s().paletteOpen, s().dialog]).toEqual([false, 'boardPicker']);
    s().resizePanel(5);
    expect(s().panelHeight).toBe(PANEL_MIN_HEIGHT);
    s().resizePanel(1e6);
    expect(s().panelHeight).toBeLessThanOrEqual(Math.round(window.innerHeight * 0.7));
  });
});

describe('project slice', () => {
  it('opens the sample, lists it as recent and changes its board', async () => {
    const be = memoryBackend();
    const store = createAppStore(be);
    expect(await store.getState().openSample()).toBe(true);
    expect(selectProjectName(store.getState())).toBe('Sample: sine wave');
    await expect.poll(() => store.getState().recent.map((r) => r.dir)).toEqual(['/home/u/sample']);
    expect(await store.getState().setBoard('nucleo-f446re')).toBe(true);
    expect(selectBoardId(store.getState())).toBe('nucleo-f446re');
    expect(be.calls).toContain('update {"board":"nucleo-f446re"}');
  });

  it('shows a failed open as an error toast with the back end’s hint and keeps the old project', async () => {
    const store = createAppStore(memoryBackend());
    await store.getState().createProject('/p/a', 'A');
    expect(await store.getState().openProject('/p/missing')).toBe(false);
    const [n] = store.getState().notifications;
    expect(n.kind).toBe('error');
    expect(n.message).toBe('Could not open the project: No tinyml.json in /p/missing.');
    expect(n.hint).toBe('Pick a folder that holds a TinyML Studio project.');
    expect(selectProjectName(store.getState())).toBe('A');
    expect(store.getState().projectBusy).toBe(false);
  });

  it('refuses to set a board with no project open, saying what to do', async () => {
    const be = memoryBackend();
    const store = createAppStore(be);
    expect(await store.getState().setBoard('rpi-pico')).toBe(false);
    expect(store.getState().notifications[0].action?.command).toBe('project.openSample');
    expect(be.calls.some((c) => c.startsWith('update'))).toBe(false);
  });
});

describe('output slice', () => {
  it('keeps at most OUTPUT_CAPACITY lines, newest last, and counts what it dropped', () => {
    const store = createAppStore(memoryBackend());
    const batch = Array.from({ length: OUTPUT_CAPACITY + 123 }, (_, i) => line(`l${i}`));
    store.getState().appendOutput(batch.slice(0, 100));
    store.getState().appendOutput(batch.slice(100));
    const lines = store.getState().outputLines;
    expect(lines).toHaveLength(OUTPUT_CAPACITY);
    expect(lines[0].text).toBe('l123');
    expect(lines.at(-1)!.text).toBe(`l${OUTPUT_CAPACITY + 122}`);
    expect(store.getState().outputDropped).toBe(123);
    store.getState().clearOutput();
    expect([store.getState().outputLines.length, store.getState().outputDropped]).toEqual([0, 0]);
  });

  it('turns warnings and errors into problems and filters by channel', () => {
    const store = createAppStore(memoryBackend());
    store.getState().appendOutput([line('compiling'), line('x.c:3: warning: unused', 'build', 'warn'), line('x.c:9: error: boom', 'build', 'error'), line('flash failed', 'flash', 'error')]);
    expect([selectErrorCount(store.getState()), selectWarningCount(store.getState())]).toEqual([2, 1]);
    expect(selectOutputChannels(store.getState())).toEqual(['build', 'flash']);
    store.getState().setOutputChannel('flash');
    const visible = selectVisibleOutput(store.getState());
    expect(visible.map((l) => l.text)).toEqual(['flash failed']);
    // Same inputs, same array: components do not re-render for nothing.
    expect(selectVisibleOutput(store.getState())).toBe(visible);
    store.getState().clearProblems('build');
    expect(store.getState().problems.map((p) => p.message)).toEqual(['flash failed']);
  });
});

describe('jobs slice', () => {
  const job = (jobId: string, kind = 'build') => ({ jobId, kind, title: `Build ${jobId}`, state: 'running' as const, fraction: 0, message: 'starting' });

  it('tracks a job from start to done and shows the newest running one', () => {
    const store = createAppStore(memoryBackend());
    const s = store.getState;
    s().appendOutput([line('old error', 'build', 'error')]);
    s().applyJobStarted(job('a'));
    expect(s().problems).toEqual([]); // a new build clears the previous build's problems
    s().applyJobStarted(job('b', 'flash'));
    s().applyJobProgress({ jobId: 'a', fraction: 0.5, message: 'compiling conv.c' });
    expect(selectActiveJob(s())!.jobId).toBe('b');
    s().applyJobDone({ jobId: 'b', state: 'done' });
    expect(selectActiveJob(s())).toMatchObject({ jobId: 'a', fraction: 0.5, message: 'compiling conv.c' });
    s().applyJobDone({ jobId: 'a', state: 'failed', error: { code: 'TOOL_MISSING', message: 'arm-none-eabi-gcc not found', hint: 'Install the Arm GNU toolchain.' } });
    expect(selectActiveJob(s())).toBeNull();
    const n = s().notifications.at(-1)!;
    expect(n).toMatchObject({ kind: 'error', message: 'Build a failed: arm-none-eabi-gcc not found', hint: 'Install the Arm GNU toolchain.' });
    expect(n.action?.command).toBe('doctor.show');
  });

  it('cancels through the API', async () => {
    const be = memoryBackend();
    const store = createAppStore(be);
    store.getState().applyJobStarted(job('z'));
    await store.getState().cancelJob('z');
    expect(be.calls).toContain('cancel z');
  });
});

describe('doctor slice', () => {
  it('reports toolchain health from the report', async () => {
    const be = memoryBackend();
    const store = createAppStore(be);
    expect(selectToolchainHealth(store.getState())).toBe('unknown');
    const p = store.getState().checkToolchains(true);
    expect(selectToolchainHealth(store.getState())).toBe('checking');
    await p;
    expect(be.calls).toContain('check refresh');
    expect(selectToolchainHealth(store.getState())).toBe('missing-optional');
    be.tools[0].found = false;
    await store.getState().checkToolchains();
    expect(selectToolchainHealth(store.getState())).toBe('missing-required');
  });
});

describe('notifications slice', () => {
  it('folds repeats into one toast with a count and dismisses by id', () => {
    const store = createAppStore(memoryBackend());
    const id = store.getState().notify({ kind: 'info', message: 'Saved.' });
    store.getState().notify({ kind: 'info', message: 'Saved.' });
    expect(store.getState().notifications).toHaveLength(1);
    expect(store.getState().notifications[0].count).toBe(2);
    store.getState().notifyError(new Error('kaboom'));
    expect(store.getState().notifications[1]).toMatchObject({ kind: 'error', message: 'kaboom' });
    store.getState().dismissNotification(id);
    expect(store.getState().notifications.map((n) => n.message)).toEqual(['kaboom']);
  });
});
