/**
 * fetch for the SmartPay API: JSON in and out, the session in its HttpOnly cookie (same origin,
 * so the browser sends it and the Origin header by itself), refusals as ApiError with the
 * problem's stable `code`, which the screens translate (i18n/error-message.ts).
 */
import type { ErrorCode } from '../../../src/core/errors.ts';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode | 'NETWORK',
    readonly status: number,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isApiError(error: unknown, code?: ApiError['code']): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

type Listener = (error: ApiError) => void;
const sessionLostListeners = new Set<Listener>();

/** The session provider hears when the server no longer knows the session. */
export function onSessionLost(listener: Listener): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Login screens expect 401s and handle them themselves. */
  readonly quietOnUnauthenticated?: boolean;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    throw new ApiError('NETWORK', 0, error instanceof Error ? error.message : 'network error');
  }
  if (response.ok) {
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
  const error = await problemOf(response);
  if (
    (error.code === 'UNAUTHENTICATED' || error.code === 'SESSION_EXPIRED') &&
    !options.quietOnUnauthenticated
  )
    for (const listener of sessionLostListeners) listener(error);
  throw error;
}

async function problemOf(response: Response): Promise<ApiError> {
  const fallback: ErrorCode = response.status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED';
  try {
    const problem = (await response.json()) as Record<string, unknown>;
    const code = typeof problem.code === 'string' ? (problem.code as ErrorCode) : fallback;
    const detail = typeof problem.detail === 'string' ? problem.detail : response.statusText;
    return new ApiError(code, response.status, detail, problem);
  } catch {
    return new ApiError(fallback, response.status, response.statusText);
  }
}
