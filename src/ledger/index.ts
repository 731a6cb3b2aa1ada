export * from './accounts.ts';
export * from './cash.ts';
export * from './rollup.ts';
export * from './transfers.ts';
export * from './verify.ts';
export * from './internal-accounts.ts';
