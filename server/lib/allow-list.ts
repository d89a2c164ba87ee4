// IP allow-lists as mailcow's admin_api() reads them (reference 9.1): entries split on spaces,
// commas, semicolons and newlines. Pure, so the client splits a typed list the same way and can
// point at the entry a refusal names by its index.

/** The entries as typed, trimmed, empties left out, in order (duplicates kept: indexes match what was typed). */
export const splitAllowList = (text: string): string[] => text.split(/[ ,;\n]/).map((e) => e.trim()).filter(Boolean);
