/**
 * The operator channel (DESIGN.md §4): while the server owns the embedded database, the CLI hands
 * its command to the server over a Unix socket in the data folder, and the server runs the same
 * command function. The socket is mode 0600, so only the account running the server (and root)
 * can connect: file permissions are the authentication, as with PostgreSQL's own local socket.
 *
 * Protocol: POST /run {command: ["account","deposit"], args: {...}, user} →
 * 200 {ok: true, result} or {ok: false, error: {code, message}}.
 */
import { existsSync, chmodSync, unlinkSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { DomainError, isDomainError } from '../core/errors.ts';
import type { Database } from '../db/connection.ts';
import { isOperatorUserName, operatorActor } from './actor.ts';
import { findCommand } from './commands/index.ts';
import type { CommandArgs, JsonObject } from './registry.ts';

export const operatorSocketName = 'operator.sock';
/** Arguments are short texts; a password read from stdin is the longest. */
const requestBytesMax = 64 * 1024;
/** sun_path is 108 bytes on Linux, including the terminating NUL. */
const socketPathBytesMax = 107;

export interface OperatorRequest {
  readonly command: readonly string[];
  readonly args: CommandArgs;
  readonly user: string;
}

export type OperatorAnswer =
  | { readonly ok: true; readonly result: JsonObject }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/** Also fits the server's BackgroundService shape ({name, stop}). */
export interface OperatorChannel {
  readonly name: string;
  readonly socketPath: string;
  /** Stops accepting commands, lets running ones answer, removes the socket file. */
  close(): Promise<void>;
  stop(): Promise<void>;
}

/** The subset of a pino logger the channel uses; arguments are never logged (passwords). */
export interface OperatorChannelLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface OperatorChannelOptions {
  readonly database: Database;
  readonly config: Config;
  readonly clock: Clock;
  readonly logger?: OperatorChannelLogger;
}

export function operatorSocketPath(dataDir: string): string {
  return path.join(dataDir, operatorSocketName);
}

export async function startOperatorChannel(
  options: OperatorChannelOptions,
): Promise<OperatorChannel> {
  const socketPath = operatorSocketPath(options.config.dataDir);
  if (Buffer.byteLength(socketPath) > socketPathBytesMax)
    throw new Error(
      `operator socket path is longer than ${socketPathBytesMax} bytes: ${socketPath}`,
    );
  await removeStaleSocket(socketPath);
  const server = http.createServer((request, response) => {
    void handle(options, request, response);
  });
  await listenPrivately(server, socketPath);
  const close = () => closeServer(server, socketPath);
  return { name: 'operator channel', socketPath, close, stop: close };
}

/** A socket file left by a crashed server refuses connections; a live one means a second server. */
async function removeStaleSocket(socketPath: string): Promise<void> {
  if (!existsSync(socketPath)) return;
  const answer = await probe(socketPath);
  if (answer)
    throw new DomainError(
      'OPERATOR_CHANNEL_BUSY',
      `another SmartPay server already listens on ${socketPath}`,
    );
  unlinkSync(socketPath);
}

function probe(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.request({ socketPath, path: '/', method: 'HEAD', agent: false });
    request.on('response', (response) => {
      response.resume();
      resolve(true);
    });
    request.on('error', () => resolve(false));
    request.end();
  });
}

/**
 * The umask makes the socket 0600 from its first instant (bind happens inside listen(), before
 * it returns, so the mask is restored at once); the chmod makes sure of it.
 */
async function listenPrivately(server: http.Server, socketPath: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const previousMask = process.umask(0o177);
    try {
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(previousMask);
    }
  });
  chmodSync(socketPath, 0o600);
}

async function closeServer(server: http.Server, socketPath: string): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  if (existsSync(socketPath)) unlinkSync(socketPath);
}

async function handle(
  options: OperatorChannelOptions,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  let answer: OperatorAnswer;
  try {
    answer = { ok: true, result: await runRequest(options, request) };
  } catch (error) {
    if (!isDomainError(error)) options.logger?.error({ err: error }, 'operator command failed');
    answer = { ok: false, error: errorBody(error) };
  }
  const status = answer.ok ? 200 : answer.error.code === 'INTERNAL' ? 500 : 422;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(answer));
}

async function runRequest(
  options: OperatorChannelOptions,
  request: http.IncomingMessage,
): Promise<JsonObject> {
  if (request.method !== 'POST' || request.url !== '/run')
    throw new DomainError('NOT_FOUND', 'the operator channel answers POST /run only');
  const body = parseRequest(await readBody(request));
  const command = findCommand(body.command);
  if (!command || command.offline)
    throw new DomainError('NOT_FOUND', `unknown command: ${body.command.join(' ')}`);
  const actor = operatorActor('cli-via-server', body.user);
  options.logger?.info({ command: command.name, actor }, 'operator command');
  const { database, config, clock } = options;
  return command.run({ database, config, clock, actor }, body.args);
}

function errorBody(error: unknown): { code: string; message: string } {
  if (isDomainError(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > requestBytesMax)
      throw new DomainError('VALIDATION_FAILED', `request is larger than ${requestBytesMax} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body comes from another process: check every field before anything runs. */
function parseRequest(text: string): OperatorRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'request body is not JSON');
  }
  const body = (value ?? {}) as Record<string, unknown>;
  const { command, args, user } = body;
  const isWords = Array.isArray(command) && command.every((word) => typeof word === 'string');
  const isArgs =
    typeof args === 'object' &&
    args !== null &&
    !Array.isArray(args) &&
    Object.values(args).every((v) => typeof v === 'string' || typeof v === 'boolean');
  if (!isWords || !isArgs || !isOperatorUserName(user))
    throw new DomainError('VALIDATION_FAILED', 'request needs command: string[], args and user');
  return { command, args: args as CommandArgs, user };
}

/** Connect errors that mean "no server listens here"; anything else (EACCES…) is reported. */
const noServer = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK']);

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * Client side: sends the command to the server. Undefined when no server listens (no socket
 * file, or a stale one), so the caller opens the data folder itself. Once the request is sent,
 * failures throw instead: the command may have run, and must not run twice.
 */
export function sendToOperatorChannel(
  socketPath: string,
  request: OperatorRequest,
): Promise<OperatorAnswer | undefined> {
  if (!existsSync(socketPath)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(request);
    const outgoing = http.request({
      socketPath,
      path: '/run',
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    let connected = false;
    outgoing.on('socket', (socket) => socket.on('connect', () => (connected = true)));
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OperatorAnswer);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    outgoing.on('error', (error) => {
      if (!connected && noServer.has(errorCode(error))) resolve(undefined);
      else if (!connected) reject(error);
      else
        reject(
          new Error(
            `the server closed the operator channel (${error.message}); check \`smartpay audit list\` before retrying`,
          ),
        );
    });
    outgoing.end(body);
  });
}
