/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards (and its escape) taken literally. */
export const likeContaining = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
