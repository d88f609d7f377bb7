// All commands by id. Areas contribute theirs by adding to the list passed in; running goes through
// `runCommand`, which turns any failure into a toast so a command never fails silently.
import type { Command, CommandContext } from './command';

export class CommandRegistry {
  private readonly byId = new Map<string, Command>();

  constructor(commands: readonly Command[]) {
    for (const c of commands) this.register(c);
  }

  /** Adds a command; returns a function that removes it again. */
  register(cmd: Command): () => void {
    if (this.byId.has(cmd.id)) throw new Error(`Duplicate command id "${cmd.id}"`);
    this.byId.set(cmd.id, cmd);
    return () => this.byId.delete(cmd.id);
  }

  get(id: string): Command | undefined {
    return this.byId.get(id);
  }

  all(): Command[] {
    return [...this.byId.values()];
  }

  async run(id: string, ctx: Omit<CommandContext, 'run'>): Promise<void> {
    const cmd = this.byId.get(id);
    const notify = ctx.store.getState();
    if (!cmd) {
      notify.notify({ kind: 'warning', message: `Unknown command "${id}".`, hint: 'Press Ctrl+Shift+P to see every available command.' });
      return;
    }
    try {
      await cmd.run({ ...ctx, run: (next) => void this.run(next, ctx) });
    } catch (e) {
      notify.notifyError(e, cmd.title.replace(/…$/, ''));
    }
  }
}
