// html-to-text (installed with mailparser, which uses it for the same job): the plain part of the
// quarantine digest, as html2text makes it in mailcow's notifier, and the announcement's text.
import { createRequire } from 'node:module';

export interface HtmlToTextBuilder { addLiteral(s: string): void }
export interface HtmlToTextElement { attribs?: Record<string, string>; children: unknown[] }
export type HtmlToTextFormatter = (elem: HtmlToTextElement, walk: (nodes: unknown[], builder: HtmlToTextBuilder) => void, builder: HtmlToTextBuilder) => void;

const require = createRequire(import.meta.url);
export const { convert: htmlToText } = require('html-to-text') as { convert(html: string, options: object): string };
