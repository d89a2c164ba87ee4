// html-to-text (installed with mailparser, which uses it for the same job): the plain part of the
// quarantine digest, as html2text makes it in mailcow's notifier, and the announcement's text.
import { createRequire } from 'node:module';

export interface HtmlToTextBuilder { addLiteral(s: string): void }
export interface HtmlToTextElement { attribs?: Record<string, string>; children: unknown[] }
export type HtmlToTextFormatter = (elem: HtmlToTextElement, walk: (nodes: unknown[], builder: HtmlToTextBuilder) => void, builder: HtmlToTextBuilder) => void;

type Convert = (html: string, options: object) => string;
let convert: Convert | null = null;
/** Loaded on first use (a digest, an announcement), not with the server. */
export function htmlToText(html: string, options: object): string {
  convert ??= (createRequire(import.meta.url)('html-to-text') as { convert: Convert }).convert;
  return convert(html, options);
}
