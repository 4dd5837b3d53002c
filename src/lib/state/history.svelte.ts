/** One reversible change, already applied and stored. */
export interface Command {
  description: string;
  undo(): Promise<void>;
  redo(): Promise<void>;
}

/**
 * Undo and redo over stored changes. Every step's effect is written to the database before the
 * step completes, so what is undone stays undone after a reload.
 */
export class History {
  private done = $state.raw<Command[]>([]);
  private undone = $state.raw<Command[]>([]);
  private busy = false;

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Records a change that has just been applied. */
  record(command: Command): void {
    this.done = [...this.done.slice(-499), command];
    this.undone = [];
  }

  async undo(): Promise<Command | null> {
    const command = this.done.at(-1);
    if (!command || this.busy) return null;
    this.busy = true;
    try {
      await command.undo();
      this.done = this.done.slice(0, -1);
      this.undone = [...this.undone, command];
      return command;
    } finally {
      this.busy = false;
    }
  }

  async redo(): Promise<Command | null> {
    const command = this.undone.at(-1);
    if (!command || this.busy) return null;
    this.busy = true;
    try {
      await command.redo();
      this.undone = this.undone.slice(0, -1);
      this.done = [...this.done, command];
      return command;
    } finally {
      this.busy = false;
    }
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
