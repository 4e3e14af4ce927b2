export * from './audit.ts';
export * from './auth.ts';
export * from './charting.ts';
export * from './common.ts';
export * from './follow-up.ts';
export * from './patients.ts';
export * from './reviews.ts';
export * from './users.ts';
