// Piscina worker: renders one admin-written Q_HTML, off the server's event loop (digest-render.ts).
import { renderCustomDigest, type DigestInput } from './digest-template.ts';

export interface DigestRenderTask { template: string; input: DigestInput }

export default function run(task: DigestRenderTask): { html: string; text: string } | null {
  return renderCustomDigest(task.template, task.input);
}
