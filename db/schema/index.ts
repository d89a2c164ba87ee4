export * from './mailcow.ts';
export * from './cowbell.ts';
