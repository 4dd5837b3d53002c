/** One reversible change, already applied and stored. */
export interface Command {
  description: string;
  /** The document the change is in, when it is in one: undo and redo open it first. */
  documentId?: string;
  /**
   * Each resolves with why nothing was done, when what the step changes is gone meanwhile (removed in
   * another tab or by the team): the step is then dropped from the history rather than applied.
   */
  undo(): Promise<void | string>;
  redo(): Promise<void | string>;
}

/** A step applied (or dropped: `gone` says why). */
export interface Step {
  command: Command;
  gone?: string;
}

/**
 * Undo and redo over stored changes. Every step's effect is written to the database before the
 * step completes, so what is undone stays undone after a reload.
 */
export class History {
  private done = $state.raw<Command[]>([]);
  private undone = $state.raw<Command[]>([]);
  /** The last step begun, settled or not: a step waits for it (undo pressed again while one is written). */
  private stepping: Promise<unknown> = Promise.resolve();
  /** The last task queued by `inTurn`, settled or not. */
  private turn: Promise<unknown> = Promise.resolve();

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** The command undo (or redo) would apply next, or null. */
  peek(direction: 'undo' | 'redo'): Command | null {
    return (direction === 'undo' ? this.done : this.undone).at(-1) ?? null;
  }

  /** Records a change that has just been applied. */
  record(command: Command): void {
    this.done = [...this.done.slice(-499), command];
    this.undone = [];
  }

  /**
   * Runs `task` once every task queued before it has settled: a caller that looks at the history
   * before its step (`peek`) sees it as the steps before it left it.
   */
  inTurn<T>(task: () => Promise<T>): Promise<T> {
    const run = this.turn.then(task);
    this.turn = run.catch(() => undefined);
    return run;
  }

  undo(): Promise<Step | null> {
    return this.step('undo');
  }

  redo(): Promise<Step | null> {
    return this.step('redo');
  }

  /**
   * Applies the last done (undo) or undone (redo) command and moves it to the other stack, once the
   * step before it is written: presses faster than the writes apply one by one, in order.
   */
  private step(direction: 'undo' | 'redo'): Promise<Step | null> {
    const run = this.stepping.then(() => this.apply(direction));
    this.stepping = run.catch(() => undefined);
    return run;
  }

  private async apply(direction: 'undo' | 'redo'): Promise<Step | null> {
    const [from, to] = direction === 'undo' ? [this.done, this.undone] : [this.undone, this.done];
    const command = from.at(-1);
    if (!command) return null;
    const gone = await command[direction]();
    const remaining = from.slice(0, -1);
    const moved = gone === undefined ? [...to, command] : to;
    if (direction === 'undo') [this.done, this.undone] = [remaining, moved];
    else [this.undone, this.done] = [remaining, moved];
    return gone === undefined ? { command } : { command, gone };
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
