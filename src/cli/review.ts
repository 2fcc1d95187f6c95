// `kubetutor review`: not built yet.
import { UserError } from './errors';

export async function run(): Promise<number> {
  throw new UserError('"review" is not built yet in this version of kubetutor');
}
