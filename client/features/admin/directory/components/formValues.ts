// The admin forms keep every value as typed text; these turn it into what the API takes.

/** A tri-state choice: '' keeps what is stored (edit forms only). */
export type Toggle = '' | 'yes' | 'no';

/** Empty keeps what is stored; anything else goes as a number (the server words a bad one under its field). */
export const numberOrKeep = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()));

export const toggleOrKeep = (choice: Toggle): boolean | undefined => (choice === '' ? undefined : choice === 'yes');
