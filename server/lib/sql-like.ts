/** `text` with LIKE's own wildcards (and its escape) taken literally. */
export const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern matching `text` anywhere. */
export const likeContaining = (text: string) => `%${likeLiteral(text)}%`;

/** A LIKE pattern matching what starts with `text`. */
export const likeStartingWith = (text: string) => `${likeLiteral(text)}%`;
