// Step-up on the client: when the server answers step_up_required (the last proof of identity is
// too old for this change), the registered asker (StepUpHost in the shells) has the user confirm,
// and the change is tried once more. Without an asker, or when the user cancels, the error stands.
import { ApiError } from './errors.ts';

type Asker = () => Promise<boolean>;
let asker: Asker | null = null;

export function onStepUpRequired(ask: Asker | null): void {
  asker = ask;
}

export async function withStepUp<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'step_up_required' || !asker || !(await asker())) throw e;
    return work();
  }
}
