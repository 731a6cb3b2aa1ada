/**
 * `src/main.ts` (what `npm start` runs) as a real child process on a free loopback port, for
 * tests that kill it, stop it with SIGTERM under load, and start it again on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../helpers/own-postgres.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const startupMsMax = 90_000;

export interface ServerProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  readonly pid: number;
  output(): string;
  readonly exited: Promise<number | null>;
  isRunning(): boolean;
  kill(signal: NodeJS.Signals): void;
}

export interface ServerOptions {
  readonly name?: string;
  readonly port?: number;
  readonly env: Record<string, string>;
}

/** Output is kept to the last part only: a long run logs a lot. */
const outputCharsMax = 200_000;

export async function spawnServer(options: ServerOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      SMARTPAY_SEED_DEMO: 'false',
      SMARTPAY_LOGIN_RATE_PER_IP: '100000',
      SMARTPAY_LOGIN_RATE_PER_CIF: '100000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > outputCharsMax) output = output.slice(-outputCharsMax / 2);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let running = true;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running = false;
      resolve(code);
    }),
  );
  return {
    name: options.name ?? `server:${port}`,
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    pid: child.pid ?? 0,
    output: () => output,
    exited,
    isRunning: () => running,
    kill: (signal) => {
      if (running) child.kill(signal);
    },
  };
}

export async function waitUntilReady(server: ServerProcess, msMax = startupMsMax): Promise<void> {
  const deadline = Date.now() + msMax;
  while (Date.now() < deadline && server.isRunning()) {
    const status = await fetch(`${server.url}/health/ready`, {
      signal: AbortSignal.timeout(2_000),
    }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${server.name} did not become ready:\n${server.output().slice(-4000)}`);
}

export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const server = await spawnServer(options);
  try {
    await waitUntilReady(server);
  } catch (error) {
    server.kill('SIGKILL');
    throw error;
  }
  return server;
}

/** Stops it by its pid: SIGTERM, then SIGKILL if it has not exited within msMax. */
export async function stopServer(server: ServerProcess, msMax = 30_000): Promise<number | null> {
  if (!server.isRunning()) return server.exited;
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), msMax);
  try {
    return await server.exited;
  } finally {
    clearTimeout(timer);
  }
}
