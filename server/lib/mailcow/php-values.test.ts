import { describe, expect, it } from 'vitest';
import { phpEmpty, phpFloatString, phpFloatval, phpIntval, phpLooseEmptyString, phpString, phpValidEmail } from './php-values.ts';

describe("PHP's conversions, as mailcow's functions apply them", () => {
  it('intval and floatval read a leading number, exponent included', () => {
    expect(['12abc', ' 7', '-4', '1e3', '3.9', 'abc', '', null, true, [], [1], 5.7].map(phpIntval)).toEqual([12, 7, -4, 1000, 3, 0, 0, 0, 1, 0, 1, 5]);
    expect(['8.50', '.5x', 'x', '', null].map(phpFloatval)).toEqual([8.5, 0.5, 0, 0, 0]);
  });

  it('writes floats as phpredis does, and scalars as PHP strings', () => {
    expect([15, 7.5, 0.1 + 0.2, -2].map(phpFloatString)).toEqual(['15', '7.5', '0.3', '-2']);
    expect([null, undefined, false, true, 3, 'x', ['a']].map(phpString)).toEqual(['', '', '', '1', '3', 'x', '']);
  });

  it("knows PHP's empty() and loose == ''", () => {
    expect([0, '0', '', null, false, [], '1', 'a', 1].map(phpEmpty)).toEqual([true, true, true, true, true, true, false, false, false]);
    expect([null, false, '', '0', 0].map(phpLooseEmptyString)).toEqual([true, true, true, false, false]);
  });

  it('validates addresses like FILTER_VALIDATE_EMAIL: ASCII, no surrounding space', () => {
    expect(['a@b.test', 'A.B+c@Example.Test', ' a@b.test', 'nope', 'ä@b.test', '', 5].map(phpValidEmail)).toEqual([true, true, false, false, false, false, false]);
  });
});
