// Wires a connection to the store: pushes events into slices, loads state when the connection (re)opens,
// and runs commands the host asks for (Electron's menu). Returns a function that undoes it all.
import type { OutputLine } from '../../shared/api/events';
import type { HostConnection } from './api-client';
import { bindLiveEvents } from './areas/live/live-store';
import { bindOptimizeEvents } from './areas/optimize/optimize-store';
import { bindRecordEvents } from './areas/optimize/record-store';
import type { CommandRegistry } from './commands/registry';
import type { AppStore } from './store';

export function bindConnection(conn: HostConnection, store: AppStore, commands: CommandRegistry): () => void {
  const { client } = conn;
  const s = () => store.getState();
  const subs = [
    client.on('project.changed', (p) => s().applyProjectChanged(p)),
    client.on('job.started', (j) => s().applyJobStarted(j)),
    client.on('job.progress', (p) => s().applyJobProgress(p)),
    client.on('job.done', (d) => s().applyJobDone(d)),
    client.on('output.line', (l) => queueLine(l)),
    bindOptimizeEvents(client),
    bindRecordEvents(client),
  ];
  const unbindLive = bindLiveEvents(client);
  // Electron's native menu asks for UI actions by command id.
  subs.push(client.on('ui.command', (p) => void commands.run(p.command, { api: client.api, store })));

  // A chatty build can send thousands of lines a second: append them once per frame, not once per line.
  let pending: OutputLine[] = [];
  let scheduled = false;
  function queueLine(l: OutputLine) {
    pending.push(l);
    if (scheduled) return;
    scheduled = true;
    const flush = () => {
      scheduled = false;
      const batch = pending;
      pending = [];
      s().appendOutput(batch);
    };
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) requestAnimationFrame(flush);
    else setTimeout(flush, 16);
  }

  let firstOpen = true;
  async function onOpen() {
    await Promise.all([s().loadProject(), s().loadJobs()]);
    if (firstOpen) {
      firstOpen = false;
      // First start ever (nothing open, nothing recent): open the sample so every area has something to show.
      if (!s().project && s().recent.length === 0) await s().openSample();
      void s().checkToolchains();
    }
  }

  let wasOpen = false;
  const apply = (st = conn.state()) => {
    s().setConnection(st, conn.kind);
    const open = st.status === 'open';
    if (open && !wasOpen) void onOpen();
    if (!open && wasOpen) s().notify({ kind: 'warning', message: 'Lost the connection to the TinyML Studio back end; reconnecting…' });
    wasOpen = open;
  };
  const offState = conn.onState((st) => apply(st));
  apply();

  return () => {
    offState();
    unbindLive();
    for (const d of subs) d.dispose();
  };
}
