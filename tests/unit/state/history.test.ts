import { describe, expect, it } from 'vitest';
import { History, type Command, type StepOutcome } from '../../../src/lib/state/history.svelte';

/** A command whose undo and redo wait until `release` is called, and log what ran. */
function command(name: string, log: string[]) {
  const waiting: (() => void)[] = [];
  const run = (what: string) => () =>
    new Promise<void>((resolve) => {
      log.push(`${what} ${name}`);
      waiting.push(resolve);
    });
  const made: Command & { release(): void } = {
    description: name,
    undo: run('undo'),
    redo: run('redo'),
    release: () => waiting.shift()?.(),
  };
  return made;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('History', () => {
  it('keeps a change recorded while an undo is written on top, and ends what could be redone (review)', async () => {
    const log: string[] = [];
    const history = new History();
    const [a, b] = [command('a', log), command('b', log)];
    history.record(a);
    history.record(b);
    const undoing = history.undo();
    await settle();
    expect(log).toEqual(['undo b']);
    const fresh = command('new', log);
    history.record(fresh);
    b.release();
    expect(await undoing).toEqual({ command: b });
    // The new change is the next to undo, and nothing is left to redo (b's undo is not redone on top of it).
    expect(history.peek('undo')).toBe(fresh);
    expect(history.canRedo).toBe(false);
  });

  it('drops a press queued before a change was recorded: it never undoes the change made after it (review)', async () => {
    const log: string[] = [];
    const history = new History();
    const [a, b] = [command('a', log), command('b', log)];
    history.record(a);
    history.record(b);
    // Two presses as the Review page makes them (straight to the history), two as the workbench makes
    // them (its whole step in turn).
    const first = history.undo();
    const second = history.undo();
    const third = history.inTurn(() => history.undo());
    const fourth = history.inTurn(() => history.undo());
    await settle();
    const fresh = command('new', log);
    history.record(fresh);
    b.release();
    expect(await first).toEqual({ command: b });
    expect(await second).toBeNull();
    // The third began before the change (its step was queued then), the fourth not: dropped.
    expect(await third).toBeNull();
    expect(await fourth).toBeUndefined();
    expect(log).toEqual(['undo b']);
    expect(history.peek('undo')).toBe(fresh);
  });

  it('puts a command whose step failed back where it was', async () => {
    const history = new History();
    const broken: Command = {
      description: 'x',
      undo: () => Promise.reject(new Error('quota')),
      redo: () => Promise.resolve(),
    };
    history.record(broken);
    await expect(history.undo()).rejects.toThrow('quota');
    expect(history.peek('undo')).toBe(broken);
    expect(history.canRedo).toBe(false);
  });

  it('joins a change with the step just before it: undone in reverse order, redone in order, dropped only when both are gone', async () => {
    const log: string[] = [];
    const change = (name: string, outcome: StepOutcome = undefined): Command => ({
      description: name,
      undo: () => Promise.resolve((log.push(`undo ${name}`), outcome)),
      redo: () => Promise.resolve((log.push(`redo ${name}`), outcome)),
    });
    const history = new History();
    const before = change('before');
    const first = change('agreements');
    history.record(before);
    history.record(first);
    expect(history.record(change('done'), { step: first, description: 'both' }).description).toBe('both');
    expect((await history.undo())?.command.description).toBe('both');
    expect(log).toEqual(['undo done', 'undo agreements']);
    expect((await history.redo())?.command.description).toBe('both');
    expect(log.slice(2)).toEqual(['redo agreements', 'redo done']);
    // A change recorded between (a decision while D was written): the second is a step of its own, the first stays one.
    const decision = change('decision');
    history.record(decision);
    expect(history.record(change('late'), { step: before, description: 'joined' }).description).toBe('late');
    log.length = 0;
    await history.undo();
    await history.undo();
    await history.undo();
    expect(log).toEqual(['undo late', 'undo decision', 'undo done', 'undo agreements']);
    // One half gone meanwhile: applied in part, saying why; both gone: dropped, saying both.
    const gone = (reason: string) => change('gone', reason);
    const ok = change('ok');
    history.record(ok);
    history.record(gone('status changed'), { step: ok, description: 'half' });
    expect(await history.undo()).toMatchObject({ partly: 'status changed' });
    const removed = gone('span removed');
    history.record(removed);
    history.record(gone('status changed'), { step: removed, description: 'none' });
    expect(await history.undo()).toMatchObject({ gone: 'status changed; span removed' });
  });

  it('takes a joined step as applied in part when its second write fails after the first was written', async () => {
    const history = new History();
    const written: string[] = [];
    const first: Command = {
      description: 'agreements',
      undo: () => Promise.reject(new DOMException('The disk is full.', 'QuotaExceededError')),
      redo: async () => void written.push('redo agreements'),
    };
    history.record(first);
    history.record(
      { description: 'done', undo: async () => void written.push('undo done'), redo: async () => undefined },
      { step: first, description: 'both' },
    );
    const step = await history.undo();
    expect(written).toEqual(['undo done']);
    expect(step?.partly).toMatch(/^not written \(/u);
    // Applied in part, it went onto the redo stack: the next Ctrl+Z does not take "done" back twice.
    expect(history.canUndo).toBe(false);
    expect(history.canRedo).toBe(true);
  });
});
