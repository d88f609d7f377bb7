// All commands by id. Areas contribute theirs by adding to the list passed in, and register handlers for the
// actions their UI performs while they are shown; running goes through `run`, which turns any failure (and a
// disabled command) into a toast so a command never fails silently.
import type { Command, CommandContext, CommandHandler } from './command';

/** How long a command waits for its area to mount and register its handler after being shown. */
const HANDLER_WAIT_MS = 5000;

export interface CommandState {
  /** Why it cannot run now; undefined when it can. */
  disabledReason?: string;
}

export class CommandRegistry {
  private readonly byId = new Map<string, Command>();
  private readonly handlers = new Map<string, CommandHandler>();
  private readonly listeners = new Set<() => void>();
  private version = 0;

  constructor(commands: readonly Command[]) {
    for (const c of commands) this.register(c);
  }

  /** Adds a command; returns a function that removes it again. */
  register(cmd: Command): () => void {
    if (this.byId.has(cmd.id)) throw new Error(`Duplicate command id "${cmd.id}"`);
    if (!cmd.run === !cmd.area) throw new Error(`Command "${cmd.id}" needs exactly one of run (it acts itself) or area (the area's handler acts)`);
    this.byId.set(cmd.id, cmd);
    this.changed();
    return () => {
      if (this.byId.get(cmd.id) === cmd) this.byId.delete(cmd.id);
      this.changed();
    };
  }

  /**
   * The shown area's implementation of a declared command (one per command at a time: the area that holds the
   * button). Returns a function that unregisters it. Call `update` again when its enabled state changes.
   */
  handle(id: string, handler: CommandHandler): { update(h: CommandHandler): void; dispose(): void } {
    if (!this.byId.has(id)) throw new Error(`No command "${id}" is declared; add it to the command list before handling it`);
    this.handlers.set(id, handler);
    this.changed();
    let current = handler;
    return {
      update: (h) => {
        // A newer registration (another area took over) wins; a stale one must not overwrite it.
        if (this.handlers.get(id) !== current) return;
        this.handlers.set(id, h);
        current = h;
        this.changed();
      },
      dispose: () => {
        if (this.handlers.get(id) === current) this.handlers.delete(id);
        this.changed();
      },
    };
  }

  get(id: string): Command | undefined {
    return this.byId.get(id);
  }

  all(): Command[] {
    return [...this.byId.values()];
  }

  /** Whether a command can run now: its own precondition first, then the live state of its area's handler. */
  state(id: string, ctx: Pick<CommandContext, 'store'>): CommandState {
    const cmd = this.byId.get(id);
    if (!cmd) return { disabledReason: `There is no command "${id}".` };
    const reason = cmd.disabledReason?.(ctx.store.getState()) ?? this.handlers.get(id)?.disabledReason;
    return reason ? { disabledReason: reason } : {};
  }

  /** Notified whenever commands, handlers or their enabled state change (the palette re-renders). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes with every notification; for useSyncExternalStore. */
  snapshot(): number {
    return this.version;
  }

  private changed() {
    this.version++;
    for (const l of [...this.listeners]) l();
  }

  async run(id: string, ctx: Omit<CommandContext, 'run'>): Promise<void> {
    const cmd = this.byId.get(id);
    const notify = ctx.store.getState();
    if (!cmd) {
      notify.notify({ kind: 'warning', message: `Unknown command "${id}".`, hint: 'Press Ctrl+Shift+P to see every available command.' });
      return;
    }
    const title = cmd.title.replace(/…$/, '');
    try {
      const reason = cmd.disabledReason?.(ctx.store.getState());
      if (reason) {
        notify.notify({ kind: 'warning', message: `${title}: not available now.`, hint: reason });
        return;
      }
      const full: CommandContext = { ...ctx, run: (next) => void this.run(next, ctx) };
      if (cmd.area) {
        if (ctx.store.getState().activeArea !== cmd.area) ctx.store.getState().showArea(cmd.area);
        cmd.reveal?.(full);
        const handler = this.handlers.get(id) ?? (await this.waitForHandler(id));
        if (!handler) {
          notify.notify({ kind: 'warning', message: `${title}: the ${cmd.area} area did not offer this action.`, hint: 'Check the area for a message about what it needs, then try again.' });
          return;
        }
        const current = this.handlers.get(id) ?? handler;
        if (current.disabledReason) {
          notify.notify({ kind: 'warning', message: `${title}: not available now.`, hint: current.disabledReason });
          return;
        }
        await current.run();
        return;
      }
      await cmd.run!(full);
    } catch (e) {
      notify.notifyError(e, title);
    }
  }

  private waitForHandler(id: string): Promise<CommandHandler | undefined> {
    return new Promise((resolve) => {
      const done = (h: CommandHandler | undefined) => {
        clearTimeout(timer);
        unsubscribe();
        resolve(h);
      };
      const unsubscribe = this.subscribe(() => {
        const h = this.handlers.get(id);
        if (h) done(h);
      });
      const timer = setTimeout(() => done(undefined), HANDLER_WAIT_MS);
    });
  }
}
