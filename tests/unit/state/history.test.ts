import { describe, expect, it } from 'vitest';
import { History, inSequence, type Command, type StepOutcome } from '../../../src/lib/state/history.svelte';

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

  it('joins two changes into one step in place of the first: undone in reverse order, dropped only when both are gone', async () => {
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
    history.record(inSequence('both', first, change('done')), first);
    expect((await history.undo())?.command.description).toBe('both');
    expect(log).toEqual(['undo done', 'undo agreements']);
    expect((await history.redo())?.command.description).toBe('both');
    expect(log.slice(2)).toEqual(['redo agreements', 'redo done']);
    // Not the last step any more (another change came between): recorded as a step of its own.
    history.record(inSequence('late', before, change('x')), before);
    expect(history.peek('undo')?.description).toBe('late');
    await history.undo();
    expect(history.peek('undo')?.description).toBe('both');
    // One half gone meanwhile: applied in part, saying why; both gone: dropped, saying both.
    const gone = (reason: string) => change('gone', reason);
    history.record(inSequence('half', change('ok'), gone('status changed')));
    expect(await history.undo()).toMatchObject({ partly: 'status changed' });
    history.record(inSequence('none', gone('span removed'), gone('status changed')));
    expect(await history.undo()).toMatchObject({ gone: 'status changed; span removed' });
  });
});
