import { describe, expect, it } from 'vitest';
import { LayerRevisions } from '../../../src/lib/state/layerRevisions';

/** A book that shows revision `revision` after one read. */
function showing(revision: string | undefined): LayerRevisions {
  const book = new LayerRevisions();
  expect(book.reported(revision)).toBe(true);
  expect(book.landed(book.startRead(), revision)).toBe('show');
  return book;
}

describe('LayerRevisions', () => {
  it('reads what it does not show, and nothing it shows', () => {
    const book = showing('r1');
    expect(book.reported('r1')).toBe(false);
    expect(book.reported('r2')).toBe(true);
  });

  it('starts no second read while one is under way, and reads again if a newer revision was reported meanwhile', () => {
    const book = new LayerRevisions();
    expect(book.reported('r0')).toBe(true);
    const ticket = book.startRead();
    expect(book.reported('r1')).toBe(false);
    expect(book.reported('r2')).toBe(false);
    expect(book.landed(ticket, 'r1')).toBe('show-and-read');
    expect(book.landed(book.startRead(), 'r2')).toBe('show');
    expect(book.reported('r2')).toBe(false);
  });

  it('needs no read for revisions its own additions made from the one shown, late reports and out-of-order records included', () => {
    const book = showing('r1');
    book.wrote('r1', 'r2');
    book.wrote('r2', 'r3');
    expect(book.reported('r3')).toBe(false);
    book.wrote('r3', 'r4');
    expect(book.reported('r4')).toBe(false);
    // A late report of a revision its own additions went through: nothing new.
    expect(book.reported('r2')).toBe(false);
    // Additions recorded out of order still chain up.
    const other = showing('r1');
    other.wrote('r2', 'r3');
    other.wrote('r1', 'r2');
    expect(other.reported('r3')).toBe(false);
  });

  it('reads a revision another tab made after its own addition', () => {
    const book = showing('r1');
    book.wrote('r1', 'r2');
    expect(book.reported('elsewhere')).toBe(true);
    // An own addition on top of a revision it never showed does not count as shown either.
    const other = showing('r1');
    other.wrote('r5', 'r6');
    expect(other.reported('r6')).toBe(true);
  });

  it('always reads a layer without a revision (no summary, or restored from a backup)', () => {
    const book = showing(undefined);
    expect(book.reported(undefined)).toBe(true);
  });

  it('reads again when its own addition raced a read (the read may lack that span), and not for reports older than a read', () => {
    const book = showing('r1');
    const ticket = book.startRead();
    book.wrote('r1', 'r2');
    expect(book.landed(ticket, 'r1')).toBe('again');
    expect(book.landed(book.startRead(), 'r2')).toBe('show');
  });

  it('drops a read that a reset or a newer read superseded', () => {
    const book = new LayerRevisions();
    const old = book.startRead();
    book.reset();
    expect(book.landed(old, 'r1')).toBe('stale');
    expect(book.failed(old)).toBe(false);
    const first = book.startRead();
    const second = book.startRead();
    expect(book.landed(first, 'r1')).toBe('stale');
    expect(book.landed(second, 'r2')).toBe('show');
  });

  it('lets a failed read end the wait, and the next report read again', () => {
    const book = new LayerRevisions();
    const ticket = book.startRead();
    expect(book.reported('r1')).toBe(false);
    expect(book.failed(ticket)).toBe(true);
    expect(book.reported('r1')).toBe(true);
  });
});
