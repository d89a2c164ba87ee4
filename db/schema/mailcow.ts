// Every mailcow table Cowbell knows. Standalone mode creates them; attach mode only reads and writes them.
export * from './mail.ts';
export * from './access.ts';
export * from './quarantine.ts';
export * from './audit.ts';
export * from './sogo.ts';
