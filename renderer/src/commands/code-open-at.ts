// `code.openAt({file, line, column})`: show a source location in the Code area (compiler diagnostics in the
// Output and Problems panels link here). Commands in the registry take no arguments, and the Code area is not
// mounted while another area shows, so the request waits here until the Code area takes it.
export interface CodeLocation {
  /** Absolute (as gcc reports it) or project-relative path. */
  file: string;
  line: number;
  column?: number;
}

type Listener = (loc: CodeLocation) => void;

export class CodeLocationRequests {
  private pending: CodeLocation | null = null;
  private readonly listeners = new Set<Listener>();

  request(loc: CodeLocation): void {
    this.pending = loc;
    for (const l of this.listeners) l(loc);
  }

  /** The newest request nobody has handled yet (and forget it). */
  take(): CodeLocation | null {
    const p = this.pending;
    this.pending = null;
    return p;
  }

  /** Called on every new request while subscribed; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The one request slot of this window (the renderer has one Code area). */
export const codeLocations = new CodeLocationRequests();

/** Shows the Code area at `loc`. `run` is the command runner (`useRunCommand()`). */
export function openCodeAt(loc: CodeLocation, run: (id: string) => void): void {
  codeLocations.request(loc);
  run('view.area.code');
}
