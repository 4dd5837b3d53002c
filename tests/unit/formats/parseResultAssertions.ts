/** Assertions on a ParseResult, shared by the format tests. */
import { expect } from 'vitest';
import type { FormatError, ParseResult } from '../../../src/lib/formats/records';

export function errorsOf<T>(result: ParseResult<T>): FormatError[] {
  if ('value' in result) throw new Error('expected errors, got a value');
  return result.errors;
}

export function valueOf<T>(result: ParseResult<T>): T {
  if ('errors' in result) throw new Error(`expected a value, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

/** Asserts exactly one error, on `line`, whose message contains `reason`. */
export function expectError(result: ParseResult<unknown>, line: number, reason: string): void {
  const errors = errorsOf(result);
  expect(errors).toHaveLength(1);
  expect(errors[0].line).toBe(line);
  expect(errors[0].message).toContain(reason);
}
