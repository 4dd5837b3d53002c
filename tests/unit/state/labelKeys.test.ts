import { afterEach, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import type { Label } from '../../../src/lib/model/types';
import { LabelSet } from '../../../src/lib/state/labelSet.svelte';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { Store } from '../../../src/lib/storage/store';

let database: SpanwrightDatabase;
afterEach(async () => database.delete());

/** A label set over a fresh database, whose list of labels is `heard` (as Settings hears it: a moment late). */
async function labelSetHearing(heard: () => readonly Label[]) {
  database = new SpanwrightDatabase(`label-keys-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
  return new LabelSet(new Store(database), heard, () => 1);
}

it('names the label a key was taken from as stored, and says nothing of it after a later change (CI, 2026-12-07)', async () => {
  // Settings' list still shows claim with "1" after the key moved to visit: a second save of visit's field
  // (its change event on leaving it) must not say again that claim lost it.
  const before = DEFAULT_LABELS.map((label) => ({ ...label }));
  const labelSet = await labelSetHearing(() => before);
  expect(await labelSet.rekey('visit', '1')).toBeNull();
  expect(labelSet.moved).toBe('“1” now labels visit; claim takes its old key, “4”.');
  // The same key saved again while a refusal of another field's key comes in between.
  const again = labelSet.rekey('visit', '1');
  expect(await labelSet.rekey('denial', ' ')).toBe('space cannot be a label’s key: type a letter or a digit');
  expect(await again).toBeNull();
  expect(labelSet.moved).toBeNull();
  // A move the list has not heard of yet is named from storage: sanction takes "2" from denial.
  expect(await labelSet.rekey('sanction', '2')).toBeNull();
  expect(labelSet.moved).toBe('“2” now labels sanction; denial takes its old key, “3”.');
  expect((await database.labels.get('claim'))?.hotkey).toBe('4');
  expect((await database.labels.get('denial'))?.hotkey).toBe('3');
});

it('leaves the label a key was taken from keyless only when the label that took it had none (helper-188)', async () => {
  const labelSet = await labelSetHearing(() => DEFAULT_LABELS);
  expect(await labelSet.rekey('visit', '')).toBeNull();
  expect(await labelSet.rekey('visit', '1')).toBeNull();
  expect(labelSet.moved).toBe('“1” now labels visit; claim has no key until you give it one.');
  expect((await database.labels.get('claim'))?.hotkey).toBe('');
});

it('takes a key held twice (an old store’s) from the other holder, giving it none rather than the same key (helper-189)', async () => {
  const labelSet = await labelSetHearing(() => DEFAULT_LABELS);
  await database.labels.update('visit', { hotkey: '1' }); // claim's too
  expect(await labelSet.rekey('visit', '1')).toBeNull();
  expect(labelSet.moved).toBe('“1” now labels visit; claim has no key until you give it one.');
  expect((await database.labels.get('claim'))?.hotkey).toBe('');
  expect((await database.labels.get('visit'))?.hotkey).toBe('1');
});
