import { describeWriteError } from '../storage/writeErrors';

/** One reversible change, already applied and stored. */
export interface Command {
  description: string;
  /** The document the change is in, when it is in one: undo and redo open it first. */
  documentId?: string;
  /**
   * Each resolves with why nothing was done, when what the step changes is gone meanwhile (removed in
   * another tab or by the team): the step is then dropped from the history rather than applied. A
   * step applied in part resolves with `{ partly }`: what it left, and why.
   */
  undo(): Promise<StepOutcome>;
  redo(): Promise<StepOutcome>;
}

/** Told of the undo step a change recorded (to join it with the next: `History.record`'s `after`). */
export type Recorded = (step: Command) => void;

/** What a command's undo or redo did: all of it (nothing), none (why), or part (`partly`: what it left). */
export type StepOutcome = void | string | { partly: string };

/**
 * `first` then `then` as one step: undone in the reverse order, redone in order. It is dropped only
 * when both are gone meanwhile; one gone (or either in part) makes it a step applied in part. When
 * the second write fails after the first was applied, the step is applied in part, and says so
 * (failing whole, it would be put back on its stack and apply its first half again).
 */
function inSequence(description: string, first: Command, then: Command): Command {
  const both = async (one: () => Promise<StepOutcome>, other: () => Promise<StepOutcome>): Promise<StepOutcome> => {
    const applied = await one();
    const outcomes = [applied, await other().catch((error: unknown) => `not written (${describeWriteError(error)})`)];
    const left = outcomes.map((outcome) => (typeof outcome === 'string' ? outcome : outcome?.partly)).filter(Boolean);
    if (outcomes.every((outcome) => typeof outcome === 'string')) return outcomes.join('; ');
    return left.length > 0 ? { partly: left.join('; ') } : undefined;
  };
  return {
    description,
    documentId: then.documentId ?? first.documentId,
    undo: () =>
      both(
        () => then.undo(),
        () => first.undo(),
      ),
    redo: () =>
      both(
        () => first.redo(),
        () => then.redo(),
      ),
  };
}

/** A step applied (or dropped: `gone` says why; applied in part: `partly` says what was left). */
export interface Step {
  command: Command;
  gone?: string;
  partly?: string;
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
  /** Counts the changes recorded and the clears: a press queued before one of them is dropped. */
  private generation = 0;

  /** Settles once every undo and redo pressed so far has been written (or has failed). */
  get settled(): Promise<unknown> {
    return this.stepping;
  }

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

  /**
   * Records a change that has just been applied, and answers the step recorded: one step with
   * `after.step` (described as `after.description`) when that is still the last step, else a step of its own.
   */
  record(command: Command, after?: { step: Command; description: string }): Command {
    this.generation++;
    this.#clearedBecause = null;
    const joined = after !== undefined && this.done.at(-1) === after.step;
    const step = joined ? inSequence(after.description, after.step, command) : command;
    this.done = [...(joined ? this.done.slice(0, -1) : this.done).slice(-499), step];
    this.undone = [];
    return step;
  }

  /**
   * Runs `task` once every task queued before it has settled (a caller that looks at the history
   * before its step, `peek`, sees it as the steps before it left it); resolves with undefined instead
   * when a change was recorded, or the history cleared, after it was queued: an undo pressed while
   * one is written undoes what was there when it was pressed, never a change made after the press.
   */
  inTurn<T>(task: () => Promise<T>): Promise<T | undefined> {
    const run = this.unlessChanged(this.turn, task, undefined);
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
   * step before it is written: presses faster than the writes apply one by one, in order. A press
   * queued before a change was recorded (or the history cleared) does nothing (null).
   */
  private step(direction: 'undo' | 'redo'): Promise<Step | null> {
    const run = this.unlessChanged(this.stepping, () => this.apply(direction), null);
    this.stepping = run.catch(() => undefined);
    return run;
  }

  /** Runs `task` after `before` settles, or answers `otherwise` if a change was recorded (or a clear) meanwhile. */
  private unlessChanged<T, U>(before: Promise<unknown>, task: () => Promise<T>, otherwise: U): Promise<T | U> {
    const generation = this.generation;
    return before.then((): Promise<T | U> | U => (generation === this.generation ? task() : otherwise));
  }

  /**
   * Takes the command off its stack as it starts, so a change recorded while it is written stays on
   * top of the history; it goes onto the other stack only if no change was recorded meanwhile (a new
   * change ends what can be redone), and back where it was if it fails.
   */
  private async apply(direction: 'undo' | 'redo'): Promise<Step | null> {
    const undoing = direction === 'undo';
    const command = (undoing ? this.done : this.undone).at(-1);
    if (!command) return null;
    const generation = this.generation;
    const without = (stack: Command[]) => stack.filter((one) => one !== command);
    if (undoing) this.done = without(this.done);
    else this.undone = without(this.undone);
    let outcome: StepOutcome;
    try {
      outcome = await command[direction]();
    } catch (error) {
      if (generation === this.generation && undoing) this.done = [...this.done, command];
      else if (generation === this.generation) this.undone = [...this.undone, command];
      throw error;
    }
    if (typeof outcome === 'string') return { command, gone: outcome };
    if (generation === this.generation) {
      if (undoing) this.undone = [...this.undone, command];
      else this.done = [...this.done, command];
    }
    return outcome === undefined ? { command } : { command, partly: outcome.partly };
  }

  /** Empties the history; `why` (a sentence) is what an undo pressed next says, until a change is recorded. */
  clear(why?: string): void {
    this.generation++;
    this.done = [];
    this.undone = [];
    this.#clearedBecause = why ?? null;
  }

  #clearedBecause: string | null = null;
  /** Why there is nothing to undo (or redo) when the history was emptied for a reason and nothing was recorded since. */
  cleared(direction: 'undo' | 'redo'): string | null {
    return direction === 'undo' && !this.canUndo ? this.#clearedBecause : null;
  }
}
