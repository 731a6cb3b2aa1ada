#!/usr/bin/env node
// The installed `smartpay` command: registers tsx so Node can load the TypeScript sources, then
// runs the CLI. The import is dynamic so that it happens after the registration.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
