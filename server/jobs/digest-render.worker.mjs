// Worker threads do not inherit the parent's TypeScript loader: register tsx here, then load the
// real worker. Kept in plain JS because it runs before any loader exists.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./digest-render.worker.ts');
export default worker.default;
