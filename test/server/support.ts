/** Assertions the server tests share (the test bank itself is test/helpers/bank.ts). */
import { expect } from 'vitest';

export function problemOf(response: { headers: Record<string, unknown>; json(): unknown }) {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json() as Record<string, unknown>;
}
