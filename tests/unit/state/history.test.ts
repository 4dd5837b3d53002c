import { describe, expect, it } from 'vitest';
import { History, type Command } from '../../../src/lib/state/history.svelte';

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
});
