// Local stand-ins for the mail stack in server tests: an SMTP sink (port 590's role), an rspamd
// controller that checks its password, and SOGo's memcached. The real stack is exercised by the mail-stack test.
// Each listens on a port the OS picks, so test files (and checkouts) never collide.
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** Listens on 127.0.0.1 at a free port and returns it. */
export async function listenOnFreePort(server: NetServer): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  return (server.address() as AddressInfo).port;
}

export interface SunkMail { from: string; to: string[]; raw: string }

/**
 * Listens on a port the OS picks (`port` on the result). `state.refuse` answers every message with a
 * temporary failure, as a mail server that is down would; `state.delayMs` is how long the sink takes
 * to accept a message (a slow relay).
 */
export async function startSmtpSink() {
  const messages: SunkMail[] = [];
  const state = { refuse: false, delayMs: 0 };
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, session, callback) {
      if (state.refuse) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('try again later'), { responseCode: 451 })));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        setTimeout(callback, state.delayMs);
      });
    },
  });
  const port = await listenOnFreePort(server.server);
  return { port, messages, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface ControllerCall { path: string; password?: string; flag?: string; body: string }

export async function startFakeRspamd(password: string) {
  const calls: ControllerCall[] = [];
  const state = { failWith: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.headers.password !== password) { res.writeHead(401).end('{"error":"Unauthorized"}'); return; }
      calls.push({ path: req.url ?? '', password: String(req.headers.password), flag: req.headers.flag as string | undefined,
        body: Buffer.concat(chunks).toString('utf8') });
      if (state.failWith) { res.writeHead(state.failWith).end('{"error":"learning failed"}'); return; }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
    });
  });
  const port = await listenOnFreePort(server);
  return { url: `http://127.0.0.1:${port}`, calls, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** SOGo's memcached: records each command line and answers it with `answer`. */
export async function startFakeMemcached(answer: string) {
  const received: string[] = [];
  const server = createTcpServer((socket) => socket.on('data', (chunk) => {
    received.push(chunk.toString());
    socket.write(`${answer}\r\n`);
  }));
  const port = await listenOnFreePort(server);
  return { target: { host: '127.0.0.1', port }, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
