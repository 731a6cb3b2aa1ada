/**
 * The real server as a process of its own, configured as production would be (NODE_ENV
 * production, logs at warn, generated secrets, the HTTP SMS provider), on a free loopback port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { undoOnInterrupt } from './interrupt.ts';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** Workers compile the TypeScript sources at start (tsx): slow on a busy machine. */
const startupMsMax = 120_000;

export interface ServerOptions {
  /** PostgreSQL connection string, or undefined for the embedded PGlite in dataDir. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string | undefined;
  readonly workers: number;
  readonly smsUrl: string;
  /** Folder for V8 CPU profiles of the server (--cpu-prof), or undefined. */
  readonly cpuProfileDir: string | undefined;
  readonly poolSize: number;
}

export interface BenchServer {
  readonly url: string;
  /** /metrics of each process that serves HTTP (production serves it on ports of its own). */
  readonly metricsUrls: readonly string[];
  readonly pid: number;
  /** The server's own output (warnings and errors only: it logs at warn). */
  output(): string;
  /** SIGTERM and wait: resolves with the exit code (a clean drain exits 0). */
  stop(): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Secrets are made fresh per run: production refuses the development ones. */
const secret = () => randomBytes(32).toString('base64url');

/** A free port p with p+1 … p+count free too (a cluster's worker i serves metrics on p+i). */
async function freePortRun(count: number): Promise<number> {
  for (;;) {
    const base = await freePort();
    if (base + count > 65535) continue;
    const taken = await Promise.all(
      Array.from({ length: count }, (_, i) => portTaken(base + 1 + i)),
    );
    if (!taken.includes(true)) return base;
  }
}

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

export async function startBenchServer(options: ServerOptions): Promise<BenchServer> {
  const port = await freePort();
  const metricsPort = await freePortRun(options.workers);
  const metricsUrls =
    options.workers > 1
      ? Array.from({ length: options.workers }, (_, i) => `http://127.0.0.1:${metricsPort + 1 + i}`)
      : [`http://127.0.0.1:${metricsPort}`];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    SMARTPAY_METRICS_HOST: '127.0.0.1',
    SMARTPAY_METRICS_PORT: String(metricsPort),
    SMARTPAY_PUBLIC_ORIGIN: 'https://smartpay.bench.localhost',
    SMARTPAY_QR_MAC_KEY: secret(),
    SMARTPAY_OTP_HMAC_KEY: secret(),
    // An Ed25519 seed (32 bytes, hex) for signing receipts.
    SMARTPAY_RECEIPT_SIGNING_KEY: randomBytes(32).toString('hex'),
    SMARTPAY_SMS_PROVIDER: 'http',
    SMARTPAY_SMS_HTTP_URL: options.smsUrl,
    SMARTPAY_SEED_DEMO: 'false',
    SMARTPAY_WORKERS: String(options.workers),
    SMARTPAY_DB_POOL_SIZE: String(options.poolSize),
    // No load balancer polls readiness here: a short drain window keeps the bench's stops quick.
    SMARTPAY_SHUTDOWN_DRAIN_MS: '1000',
    // Every bench client comes from 127.0.0.1; a real bank's logins come from many addresses.
    SMARTPAY_LOGIN_RATE_PER_IP: '100000',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.dataDir ? { SMARTPAY_DATA_DIR: options.dataDir } : {}),
  };
  const nodeArgs = ['--import', 'tsx'];
  if (options.cpuProfileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  const child = spawn(process.execPath, [...nodeArgs, 'src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const forget = undoOnInterrupt(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  void exited.then(forget);
  const url = `http://127.0.0.1:${port}`;
  // A cluster's primary prints "Workers: N" once every worker listens; before that, early
  // connections would all go to the workers that are up.
  const started = options.workers > 1 ? `Workers: ${options.workers}` : undefined;
  await waitReady(url, child, exited, () => lines.join('\n'), started);
  return {
    url,
    metricsUrls,
    pid: child.pid!,
    output: () => lines.join('\n'),
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

async function waitReady(
  url: string,
  child: ChildProcess,
  exited: Promise<number | null>,
  output: () => string,
  startedLine: string | undefined,
): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = performance.now() + startupMsMax;
  while (performance.now() < deadline) {
    if (gone) throw new Error(`the server exited during start:\n${output()}`);
    const ready = await fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready && (startedLine === undefined || output().includes(startedLine))) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not become ready within ${startupMsMax / 1000} s:\n${output()}`);
}
