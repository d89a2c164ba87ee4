import { describe, expect, it } from 'vitest';
import { ApiError, BrowserError, errorMessage, fieldErrors, type Words } from './errors.ts';

// A dictionary stands in for vue-i18n: t returns the text of a key (or the key), te says whether it exists.
const messages: Record<string, string> = {
  'errors.validation_failed': 'Some fields are not valid.',
  'errors.internal': 'Something went wrong on our side.',
  'errors.rate_limited': 'Try again in {minutes} minutes.',
  'validation.required': 'Fill in this field.',
  'validation.invalid': 'This is not valid.',
  'validation.username.invalid': 'Enter an e-mail address or an admin name.',
  'push.failure.denied': 'Your browser blocked notifications.',
};
const words: Words = {
  t: (key, named) => (messages[key] ?? key).replace(/\{(\w+)\}/g, (_, n: string) => String(named?.[n])),
  te: (key) => key in messages,
};
const invalid = new ApiError('validation_failed', 'Some fields are not valid.', [
  { path: 'username', message: 'Enter an e-mail address (name@example.org) or an admin name.', code: 'invalid' },
  { path: 'username', message: 'second issue of the same field', code: 'required' },
  { path: 'password', message: 'Too small: expected string to have >=1 characters', code: 'required' },
  { path: 'other', message: 'raw zod text' },
]);

describe('fieldErrors', () => {
  it('words the first issue of each field: its own text, else the text of its reason', () => {
    expect(fieldErrors(words, invalid)).toEqual({
      username: 'Enter an e-mail address or an admin name.',
      password: 'Fill in this field.',
      other: 'This is not valid.',
    });
  });

  it('has nothing to say about other errors', () => {
    expect(fieldErrors(words, new ApiError('invalid_credentials', 'x'))).toEqual({});
    expect(fieldErrors(words, new Error('boom'))).toEqual({});
  });
});

describe('errorMessage', () => {
  it('never shows the server\'s English message', () => {
    expect(errorMessage(words.t, invalid)).toBe('Some fields are not valid.');
    expect(errorMessage(words, invalid)).toBe('Enter an e-mail address or an admin name.');
    expect(errorMessage(words, new ApiError('validation_failed', 'x'))).toBe('Some fields are not valid.');
    expect(errorMessage(words, new ApiError('rate_limited', 'x', [], 900))).toBe('Try again in 15 minutes.');
  });

  it('words a browser refusal by its own key, not as a server failure', () => {
    expect(errorMessage(words.t, new BrowserError('push.failure.denied'))).toBe('Your browser blocked notifications.');
    expect(errorMessage(words.t, new TypeError('x'))).toBe('Something went wrong on our side.');
  });
});
