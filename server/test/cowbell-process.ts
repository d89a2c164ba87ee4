// Real Cowbell processes, started as in production (`node --import tsx server/index.ts`), for tests
// about running several: each listens on a port the OS picks and is stopped by its PID.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CowbellProcess {
  origin: string;
  pid: number;
  /** Everything it printed, for the failure message. */
  output: string[];
  /** SIGTERM (a graceful shutdown) by default; SIGKILL after `graceMs` if it is still there. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export async function startCowbell(env: Record<string, string>, timeoutMs = 30_000): Promise<CowbellProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT, env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const origin = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null) => fail(`exited (${code})`);
    const onData = () => {
      const listening = /listening on (http:\/\/[\d.]+:\d+)/.exec(output.join(''));
      if (!listening) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout.off('data', onData);
      resolve(listening[1]);
    };
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`Cowbell ${why}:\n${output.join('')}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    child.once('exit', onExit);
    child.stdout.on('data', onData);
  });
  return {
    origin,
    pid: child.pid!,
    output,
    async stop(signal = 'SIGTERM', graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(child.pid!, signal);
      const late = setTimeout(() => { if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL'); }, graceMs);
      await exited;
      clearTimeout(late);
    },
  };
}
