// A date picked in the form ("2027-03-01") means "through that day" where the user is: its last
// second in local time, as the instant the server stores.
export const endOfLocalDay = (date: string): string => new Date(`${date}T23:59:59`).toISOString();

/** The other way, for the edit field: an instant as the local calendar day it falls on. */
export function localDay(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
