/**
 * The API's route plugins, one line per module, each registered under /api in its own
 * encapsulated context (so a module's hooks, e.g. authentication, stay inside it).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { accountRoutes } from './accounts.ts';
import { eventRoutes } from './events.ts';
import { identityRoutes } from './identity.ts';
import { paymentRoutes } from './payments.ts';
import { qrRoutes } from './qr.ts';
import { refundRoutes } from './refunds.ts';
import { publicReceiptRoutes, receiptRoutes } from './receipts.ts';
import { resolveRoutes } from './resolve.ts';
import { scanRoutes } from './scan.ts';

export const apiRoutes: readonly FastifyPluginAsyncTypebox[] = [
  identityRoutes,
  accountRoutes,
  qrRoutes,
  resolveRoutes,
  paymentRoutes,
  refundRoutes,
  eventRoutes,
  receiptRoutes,
  publicReceiptRoutes,
  scanRoutes,
];
