import { describe, expect, it } from 'vitest';
import { numberOrKeep, toggleOrKeep } from './formValues.ts';

describe('admin form values', () => {
  it('keeps what is stored for an empty field or choice', () => {
    expect(numberOrKeep('  ')).toBeUndefined();
    expect(toggleOrKeep('')).toBeUndefined();
  });
  it('sends typed numbers and yes/no as the API takes them', () => {
    expect(numberOrKeep(' 2048 ')).toBe(2048);
    expect(numberOrKeep('0')).toBe(0);
    expect(numberOrKeep('abc')).toBeNaN();
    expect(toggleOrKeep('yes')).toBe(true);
    expect(toggleOrKeep('no')).toBe(false);
  });
});
