import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import type { Label } from '../../../src/lib/model/types';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { mergeSharedLabels } from '../../../src/lib/storage/shared';

let database: SpanwrightDatabase;
afterEach(async () => database?.delete());

async function seeded(): Promise<SpanwrightDatabase> {
  database = new SpanwrightDatabase(`shared-labels-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  return database;
}

const label = (name: string, hotkey: string, colour = '#56B4E9'): Label => ({
  name,
  colour,
  hotkey,
  description: '',
  order: 9,
});
const keys = async () =>
  Object.fromEntries((await database.labels.toArray()).map((one) => [one.name, `${one.hotkey}|${one.colour}`]));
const TEAM = new Set([...DEFAULT_LABELS.map((one) => one.name), 'leak', 'rumor']);

describe('the team’s labels stored here', () => {
  it('gives two of the team’s labels that came on one key one key each: the first name keeps it', async () => {
    await seeded();
    await mergeSharedLabels(database, [label('rumor', '6'), label('leak', '6')], TEAM);
    const stored = await keys();
    expect(stored.leak).toBe('6|#56B4E9');
    const [key, colour] = stored.rumor.split('|');
    expect(key).not.toBe('');
    expect(key).not.toBe('6');
    expect(colour).not.toBe('#56B4E9');
    const hotkeys = Object.values(stored).map((value) => value.split('|')[0]);
    expect(new Set(hotkeys).size).toBe(hotkeys.length);
  });

  it('takes the key from a label only this copy has (the team’s key wins), and moves the later name of two team labels', async () => {
    await seeded();
    await database.labels.add(label('mine', '6', '#000000'));
    await database.labels.add(label('rumor', '7', '#111111'));
    await mergeSharedLabels(database, [label('leak', '6'), label('aaa', '7', '#222222')], new Set([...TEAM, 'aaa']));
    const stored = await keys();
    expect(stored.mine).toBe('|#000000');
    expect(stored.leak).toBe('6|#56B4E9');
    // aaa comes before rumor: rumor moves to a free key, and keeps its own colour (not aaa's).
    expect(stored.aaa).toBe('7|#222222');
    expect(stored.rumor.split('|')[0]).not.toMatch(/^(|6|7)$/u);
    expect(stored.rumor.split('|')[1]).toBe('#111111');
  });
});
