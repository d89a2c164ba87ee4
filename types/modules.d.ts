declare module 'apache-md5' {
  export default function md5(password: string, salt?: string): string;
}
declare module 'libmime' {
  const libmime: { decodeWords(value: string): string };
  export default libmime;
}
declare module 'http_ece' {
  export function decrypt(body: Buffer, opts: { version: 'aes128gcm'; privateKey: import('node:crypto').ECDH; authSecret: string }): Buffer;
}
// jsdom's own types pull the DOM library into the whole server project; the sanitizer needs only
// this much of it (see server/features/quarantine/html-sanitizer.ts).
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string);
    readonly window: import('../server/features/quarantine/html-sanitizer.ts').DomWindow;
  }
}
