/**
 * Playwright's global setup: builds the web app from the current sources, so the browser tests
 * never run against a stale web/dist.
 */
import { buildWebApp } from '../../../web/build.ts';

export default buildWebApp;
